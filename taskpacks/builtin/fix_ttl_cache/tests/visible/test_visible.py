from solution import TTLCache


class FakeClock:
    def __init__(self):
        self.now = 0.0

    def __call__(self):
        return self.now


def test_expiry():
    clock = FakeClock()
    c = TTLCache(10, clock=clock)
    c.set("a", 1)
    clock.now = 9.5
    assert c.get("a") == 1
    clock.now = 10
    assert c.get("a") is None


def test_delete():
    c = TTLCache(5, clock=FakeClock())
    c.set("a", 1)
    assert c.delete("a") is True
    assert c.delete("a") is False

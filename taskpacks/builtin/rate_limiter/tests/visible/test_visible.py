from solution import RateLimiter


class FakeClock:
    def __init__(self):
        self.now = 0.0

    def __call__(self):
        return self.now


def test_limit_and_expiry():
    clock = FakeClock()
    rl = RateLimiter(2, 10, clock=clock)
    assert rl.allow() and rl.allow()
    assert not rl.allow()
    clock.now = 10.0
    assert rl.allow()


def test_remaining():
    rl = RateLimiter(3, 1, clock=FakeClock())
    rl.allow()
    assert rl.remaining() == 2

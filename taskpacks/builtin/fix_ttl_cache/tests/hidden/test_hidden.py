import random

import pytest

from solution import TTLCache


class FakeClock:
    def __init__(self):
        self.now = 0.0

    def __call__(self):
        return self.now


def test_invalid_ttl():
    with pytest.raises(ValueError):
        TTLCache(0, clock=FakeClock())
    c = TTLCache(1, clock=FakeClock())
    with pytest.raises(ValueError):
        c.set("a", 1, ttl=-1)


def test_reset_extends_expiry():
    clock = FakeClock()
    c = TTLCache(10, clock=clock)
    c.set("k", "old")
    clock.now = 5
    c.set("k", "new")
    clock.now = 12
    assert c.get("k") == "new"
    assert len(c) == 1
    clock.now = 15
    assert c.get("k") is None


def test_reset_with_shorter_ttl():
    clock = FakeClock()
    c = TTLCache(10, clock=clock)
    c.set("k", 1)
    c.set("k", 2, ttl=2)
    clock.now = 2
    assert c.get("k", "gone") == "gone"
    clock.now = 11
    assert len(c) == 0


def test_delete_then_set_again():
    clock = FakeClock()
    c = TTLCache(4, clock=clock)
    c.set("k", 1)
    c.delete("k")
    clock.now = 3
    c.set("k", 2)
    clock.now = 5
    assert c.get("k") == 2


def test_len_counts_only_live():
    clock = FakeClock()
    c = TTLCache(10, clock=clock)
    c.set("a", 1, ttl=1)
    c.set("b", 2, ttl=3)
    c.set("c", None)
    assert len(c) == 3
    clock.now = 1
    assert len(c) == 2
    clock.now = 3
    assert len(c) == 1
    assert c.get("c", "dflt") is None


def test_delete_expired_returns_false():
    clock = FakeClock()
    c = TTLCache(2, clock=clock)
    c.set("a", 1)
    clock.now = 2
    assert c.delete("a") is False


def test_random_against_model():
    rng = random.Random(1234)
    for _ in range(40):
        clock = FakeClock()
        default_ttl = rng.choice([1, 3, 5])
        c = TTLCache(default_ttl, clock=clock)
        model = {}
        for _ in range(120):
            clock.now += rng.choice([0, 0.5, 1, 2])
            model = {k: v for k, v in model.items() if clock.now < v[1]}
            key = rng.choice("abc")
            op = rng.random()
            if op < 0.45:
                ttl = rng.choice([None, 1, 2, 4])
                c.set(key, op, ttl=ttl)
                model[key] = (op, clock.now + (ttl if ttl else default_ttl))
            elif op < 0.6:
                assert c.delete(key) == (key in model)
                model.pop(key, None)
            elif op < 0.85:
                assert c.get(key, "miss") == (model[key][0] if key in model else "miss")
            else:
                assert len(c) == len(model)

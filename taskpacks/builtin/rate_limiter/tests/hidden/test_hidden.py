import random

import pytest

from solution import RateLimiter


class FakeClock:
    def __init__(self, now=0.0):
        self.now = now

    def __call__(self):
        return self.now


def test_invalid_arguments():
    with pytest.raises(ValueError):
        RateLimiter(0, 1, clock=FakeClock())
    with pytest.raises(ValueError):
        RateLimiter(1, 0, clock=FakeClock())
    with pytest.raises(ValueError):
        RateLimiter(1, -5, clock=FakeClock())


def test_expiry_boundary():
    clock = FakeClock(100.0)
    rl = RateLimiter(1, 5, clock=clock)
    assert rl.allow()
    clock.now = 104.999
    assert not rl.allow()
    assert rl.remaining() == 0
    clock.now = 105.0
    assert rl.remaining() == 1
    assert rl.allow()


def test_rejected_calls_do_not_count():
    clock = FakeClock()
    rl = RateLimiter(1, 10, clock=clock)
    assert rl.allow()
    clock.now = 9.0
    assert not rl.allow()
    clock.now = 10.0
    assert rl.allow()


def test_sliding_not_fixed_window():
    clock = FakeClock()
    rl = RateLimiter(2, 10, clock=clock)
    clock.now = 0
    assert rl.allow()
    clock.now = 6
    assert rl.allow()
    clock.now = 11
    assert rl.allow()
    assert not rl.allow()
    clock.now = 16
    assert rl.allow()


def test_keys_independent():
    clock = FakeClock()
    rl = RateLimiter(1, 10, clock=clock)
    assert rl.allow("a")
    assert rl.allow("b")
    assert not rl.allow("a")
    assert rl.remaining("c") == 1


def test_remaining_does_not_record():
    rl = RateLimiter(2, 10, clock=FakeClock())
    for _ in range(5):
        assert rl.remaining("k") == 2
    assert rl.allow("k") and rl.allow("k") and not rl.allow("k")


def test_uses_clock_not_real_time():
    clock = FakeClock(1e9)
    rl = RateLimiter(3, 0.5, clock=clock)
    assert all(rl.allow() for _ in range(3))
    assert not rl.allow()
    clock.now += 0.5
    assert rl.remaining() == 3


def test_random_against_oracle():
    rng = random.Random(1234)
    for _ in range(40):
        clock = FakeClock()
        max_calls, period = rng.randint(1, 4), rng.choice([1, 2.5, 5])
        rl = RateLimiter(max_calls, period, clock=clock)
        log = {}
        for _ in range(150):
            clock.now += rng.choice([0, 0, 0.5, 1, 2])
            key = rng.choice("xy")
            live = [t for t in log.get(key, []) if t > clock.now - period]
            if rng.random() < 0.3:
                assert rl.remaining(key) == max_calls - len(live)
                continue
            expected = len(live) < max_calls
            assert rl.allow(key) == expected
            if expected:
                live.append(clock.now)
            log[key] = live

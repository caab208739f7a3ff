import random

import pytest

from solution import Scheduler


def test_invalid_booking():
    s = Scheduler()
    with pytest.raises(ValueError):
        s.book("x", 5, 5)
    with pytest.raises(ValueError):
        s.book("x", 6, 5)
    s.book("x", 1, 2)
    with pytest.raises(ValueError):
        s.book("x", 10, 20)


def test_containment_conflicts():
    s = Scheduler()
    assert s.book("big", 0, 10)
    assert not s.book("inner", 2, 3)
    assert not s.book("outer", -5, 15)
    assert not s.book("left", -1, 1)
    assert s.book("after", 10, 11)
    assert s.book("before", -3, 0)


def test_cancel():
    s = Scheduler()
    s.book("a", 0, 5)
    assert s.cancel("a") is True
    assert s.cancel("a") is False
    assert s.book("b", 1, 2) and s.book("a", 3, 4)
    assert s.events() == [(1, 2, "b"), (3, 4, "a")]


def test_free_slots_edges():
    s = Scheduler()
    assert s.free_slots(0, 5) == [(0, 5)]
    s.book("a", 0, 2)
    s.book("b", 2, 4)
    s.book("c", 8, 12)
    assert s.free_slots(0, 10) == [(4, 8)]
    assert s.free_slots(1, 3) == []
    assert s.free_slots(5, 6) == [(5, 6)]
    assert s.free_slots(-3, 1) == [(-3, 0)]
    with pytest.raises(ValueError):
        s.free_slots(3, 3)


def test_next_free():
    s = Scheduler()
    assert s.next_free(5, 7) == 7
    s.book("a", 0, 3)
    s.book("b", 5, 8)
    s.book("c", 9, 12)
    assert s.next_free(2, 0) == 3
    assert s.next_free(3, 0) == 12
    assert s.next_free(1, 8) == 8
    assert s.next_free(1, 4) == 4
    assert s.next_free(2, 4) == 12
    with pytest.raises(ValueError):
        s.next_free(0, 0)


def test_many_bookings_fast():
    s = Scheduler()
    for i in range(10_000):
        assert s.book(f"e{i}", 2 * i, 2 * i + 1)
    assert not s.book("clash", 100, 101)
    assert s.next_free(2, 0) == 19_999
    for i in range(0, 10_000, 2):
        assert s.cancel(f"e{i}")
    assert len(s.events()) == 5_000


def test_random_against_brute_force():
    rng = random.Random(1234)
    for _ in range(30):
        s, booked = Scheduler(), {}
        for step in range(40):
            if booked and rng.random() < 0.25:
                name = rng.choice(sorted(booked))
                assert s.cancel(name)
                del booked[name]
                continue
            a = rng.randint(0, 30)
            b = a + rng.randint(1, 6)
            ok = all(b <= x or y <= a for x, y in booked.values())
            assert s.book(f"n{step}", a, b) is ok
            if ok:
                booked[f"n{step}"] = (a, b)
            assert s.events() == sorted((x, y, n) for n, (x, y) in booked.items())
            busy = {t for x, y in booked.values() for t in range(x, y)}
            w0, w1 = rng.randint(-2, 20), rng.randint(21, 40)
            expected, cur = [], None
            for t in range(w0, w1):
                if t not in busy:
                    if cur is None:
                        cur = [t, t + 1]
                    else:
                        cur[1] = t + 1
                elif cur is not None:
                    expected.append(tuple(cur))
                    cur = None
            if cur is not None:
                expected.append(tuple(cur))
            assert s.free_slots(w0, w1) == expected
            d, after = rng.randint(1, 5), rng.randint(0, 30)
            t = after
            while any(x in busy for x in range(t, t + d)):
                t += 1
            assert s.next_free(d, after) == t

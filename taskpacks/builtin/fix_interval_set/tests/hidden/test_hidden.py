import random

import pytest

from solution import IntervalSet


def test_touching_on_left_merges():
    s = IntervalSet()
    s.add(3, 5)
    s.add(1, 3)
    assert s.intervals() == [(1, 5)]


def test_touching_on_right_merges():
    s = IntervalSet()
    s.add(1, 3)
    s.add(3, 5)
    assert s.intervals() == [(1, 5)]


def test_bridge_several():
    s = IntervalSet()
    for a in (0, 4, 8, 12):
        s.add(a, a + 2)
    s.add(2, 12)
    assert s.intervals() == [(0, 14)]
    assert s.total_length() == 14


def test_empty_and_invalid():
    s = IntervalSet()
    s.add(5, 5)
    s.remove(1, 1)
    assert s.intervals() == [] and s.total_length() == 0 and not s.contains(5)
    with pytest.raises(ValueError):
        s.add(3, 2)
    with pytest.raises(ValueError):
        s.remove(3, 2)


def test_remove_edges():
    s = IntervalSet()
    s.add(0, 10)
    s.remove(0, 2)
    s.remove(8, 20)
    s.remove(-5, -1)
    assert s.intervals() == [(2, 8)]
    s.remove(2, 8)
    assert s.intervals() == []


def test_contains_boundaries():
    s = IntervalSet()
    s.add(-3, 0)
    assert s.contains(-3) and s.contains(-1) and not s.contains(0) and not s.contains(-4)


def test_random_against_set_model():
    rng = random.Random(1234)
    for _ in range(150):
        s, model = IntervalSet(), set()
        for _ in range(25):
            a = rng.randint(0, 30)
            b = a + rng.randint(0, 6)
            if rng.random() < 0.6:
                s.add(a, b)
                model |= set(range(a, b))
            else:
                s.remove(a, b)
                model -= set(range(a, b))
            expected = []
            for x in sorted(model):
                if expected and expected[-1][1] == x:
                    expected[-1][1] = x + 1
                else:
                    expected.append([x, x + 1])
            assert s.intervals() == [tuple(iv) for iv in expected]
            assert s.total_length() == len(model)
            probe = rng.randint(-1, 37)
            assert s.contains(probe) == (probe in model)

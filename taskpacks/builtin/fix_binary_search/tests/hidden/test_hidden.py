import bisect
import random

import pytest

from solution import bisect_left, index_of


class CountingList(list):
    def __init__(self, *args):
        super().__init__(*args)
        self.reads = 0

    def __getitem__(self, item):
        self.reads += 1
        return super().__getitem__(item)


def test_past_the_end():
    assert bisect_left([1, 2, 3], 10) == 3
    assert bisect_left([1, 2, 3], 3) == 2
    assert index_of([1, 2, 3], 3) == 2


def test_empty_and_single():
    assert bisect_left([], 5) == 0
    assert bisect_left([5], 5) == 0
    assert bisect_left([5], 6) == 1
    assert index_of([], 1) == -1
    assert index_of([4], 4) == 0


def test_duplicates_leftmost():
    a = [1, 2, 2, 2, 3]
    assert bisect_left(a, 2) == 1
    assert index_of([7, 7, 7], 7) == 0


def test_lo_hi_bounds():
    a = [1, 2, 3, 4, 5, 6]
    assert bisect_left(a, 1, lo=2) == 2
    assert bisect_left(a, 6, lo=0, hi=3) == 3
    assert bisect_left(a, 10, 1, 4) == 4
    with pytest.raises(ValueError):
        bisect_left(a, 3, lo=-1)


def test_logarithmic_reads():
    a = CountingList(range(0, 2_000_000, 2))
    assert bisect_left(a, 1_999_999) == 1_000_000
    assert a.reads <= 45
    a.reads = 0
    assert index_of(a, 123_456) == 61_728
    assert a.reads <= 45


def test_random_against_bisect():
    rng = random.Random(1234)
    for _ in range(500):
        a = sorted(rng.randint(-20, 20) for _ in range(rng.randint(0, 20)))
        x = rng.randint(-25, 25)
        assert bisect_left(a, x) == bisect.bisect_left(a, x)
        lo = rng.randint(0, len(a))
        hi = rng.randint(lo, len(a))
        assert bisect_left(a, x, lo, hi) == bisect.bisect_left(a, x, lo, hi)
        expected = a.index(x) if x in a else -1
        assert index_of(a, x) == expected

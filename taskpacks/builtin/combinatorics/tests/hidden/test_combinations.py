import itertools
import math
import random

import pytest

from solution import combinations

CODEGYM_IN_PLACE = True  # argument changes are written back: the tests check inputs stay unchanged


def test_edge_r():
    assert list(combinations("abc", 0)) == [()]
    assert list(combinations("abc", 3)) == [("a", "b", "c")]
    assert list(combinations("abc", 4)) == []
    assert list(combinations([], 0)) == [()]


def test_negative_r():
    with pytest.raises(ValueError):
        list(combinations("abc", -2))


def test_input_not_modified():
    items = [3, 1, 2]
    list(combinations(items, 2))
    assert items == [3, 1, 2]


def test_lazy_and_count():
    it = combinations(range(60), 30)
    assert next(iter(it)) == tuple(range(30))
    assert sum(1 for _ in combinations(range(12), 5)) == math.comb(12, 5)


def test_random_against_itertools():
    rng = random.Random(1234)
    for _ in range(100):
        items = [rng.randint(0, 5) for _ in range(rng.randint(0, 8))]
        r = rng.randint(0, 9)
        assert list(combinations(items, r)) == list(itertools.combinations(items, r))

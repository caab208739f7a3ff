import random
import statistics

import pytest

from solution import median

CODEGYM_IN_PLACE = True  # argument changes are written back: the tests check inputs stay unchanged


def test_even():
    assert median([4, 1, 3, 2]) == 2.5
    assert median([1, 3]) == 2


def test_single_and_generator():
    assert median([42]) == 42
    assert median(x for x in [9, 7, 8]) == 8


def test_not_modified():
    data = [3, 2, 1]
    median(data)
    assert data == [3, 2, 1]


def test_empty():
    with pytest.raises(ValueError):
        median([])


def test_random_against_statistics():
    rng = random.Random(1234)
    for _ in range(300):
        data = [rng.randint(-30, 30) for _ in range(rng.randint(1, 15))]
        expected = pytest.approx(statistics.median(data))  # computed before the solution can touch the inputs
        assert median(data) == expected

import random
import statistics

import pytest

from solution import median

CODEGYM_IN_PLACE = True  # argument changes are written back: the tests check inputs stay unchanged


def test_even_simple():
    assert median([4, 1, 3, 2]) == 2.5
    assert median([1, 2]) == 1.5


def test_even_two_same():
    assert median([5, 5]) == 5


def test_single():
    assert median([7]) == 7
    assert median([-2.5]) == -2.5


def test_generator_and_tuple():
    assert median(x for x in [10, 30, 20, 40]) == 25
    assert median((9, 1, 5)) == 5


def test_input_not_modified():
    data = [3, 1, 2, 4]
    median(data)
    assert data == [3, 1, 2, 4]


def test_empty_generator():
    with pytest.raises(ValueError):
        median(iter([]))


def test_random_against_statistics():
    rng = random.Random(1234)
    for _ in range(400):
        data = [rng.randint(-50, 50) for _ in range(rng.randint(1, 12))]
        expected = pytest.approx(statistics.median(data))  # computed before the solution can touch the inputs
        assert median(data) == expected

import random

import pytest

from solution import average


def test_plain_mean_and_generator():
    assert average([5]) == pytest.approx(5.0)
    assert average(x for x in [1, 2, 6]) == pytest.approx(3.0)
    assert isinstance(average([1, 2]), float)


def test_weighted_mean():
    assert average([1, 2, 3], [3, 0, 1]) == pytest.approx(1.5)
    assert average([10, 20], [1, 3]) == pytest.approx(17.5)


def test_weighted_with_generators():
    assert average(iter([2, 4]), (w for w in [1, 1])) == pytest.approx(3.0)


def test_weighted_empty_returns_none():
    assert average([], []) is None


def test_errors():
    with pytest.raises(ValueError):
        average([1, 2], [1])
    with pytest.raises(ValueError):
        average([1, 2], [1, -1])
    with pytest.raises(ValueError):
        average([1, 2], [0, 0])
    with pytest.raises(ValueError):
        average([], [1])


def test_negative_values():
    assert average([-4, 4, -6]) == pytest.approx(-2.0)
    assert average([-1, 1], [3, 1]) == pytest.approx(-0.5)


def test_random_weighted_against_oracle():
    rng = random.Random(1234)
    for _ in range(300):
        n = rng.randint(1, 10)
        values = [rng.randint(-50, 50) for _ in range(n)]
        weights = [rng.randint(0, 9) for _ in range(n)]
        if sum(weights) == 0:
            weights[0] = 1
        expected = sum(v * w for v, w in zip(values, weights)) / sum(weights)
        assert average(values, weights) == pytest.approx(expected)

import random
import statistics

import pytest

from solution import mean


def test_returns_float():
    result = mean([1, 2])
    assert isinstance(result, float) and result == 1.5


def test_single_and_negative():
    assert mean([-7]) == -7.0
    assert mean([-1, 1, -3]) == pytest.approx(-1.0)


def test_generator_input():
    assert mean(x * 2 for x in range(5)) == pytest.approx(4.0)


def test_empty():
    with pytest.raises(ValueError):
        mean([])
    with pytest.raises(ValueError):
        mean(iter(()))


def test_random_against_statistics():
    rng = random.Random(1234)
    for _ in range(300):
        data = [rng.uniform(-100, 100) for _ in range(rng.randint(1, 20))]
        assert mean(data) == pytest.approx(statistics.fmean(data))

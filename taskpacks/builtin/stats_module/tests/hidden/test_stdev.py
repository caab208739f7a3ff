import math
import random
import statistics

import pytest

from solution import stdev


def test_population():
    assert stdev([2, 4, 4, 4, 5, 5, 7, 9], sample=False) == pytest.approx(2.0)


def test_constant_data():
    assert stdev([3, 3, 3]) == 0.0
    assert stdev([3], sample=False) == 0.0


def test_too_little_data():
    with pytest.raises(ValueError):
        stdev([1])
    with pytest.raises(ValueError):
        stdev([], sample=False)
    with pytest.raises(ValueError):
        stdev([])


def test_generator_input():
    assert stdev(x for x in [1, 3]) == pytest.approx(math.sqrt(2))


def test_random_against_statistics():
    rng = random.Random(1234)
    for _ in range(300):
        data = [rng.uniform(-50, 50) for _ in range(rng.randint(2, 15))]
        assert stdev(data) == pytest.approx(statistics.stdev(data))
        assert stdev(data, sample=False) == pytest.approx(statistics.pstdev(data))

import random
from collections import Counter

import pytest

from solution import mode


def test_tie_smallest():
    assert mode([3, 1, 3, 1, 2]) == 1
    assert mode([5, 4]) == 4


def test_single_and_negative():
    assert mode([-2]) == -2
    assert mode([-1, -1, 0, 0, -5]) == -1


def test_floats_and_generator():
    assert mode(x for x in [0.5, 0.25, 0.5]) == 0.5


def test_empty():
    with pytest.raises(ValueError):
        mode([])


def test_random_against_oracle():
    rng = random.Random(1234)
    for _ in range(300):
        data = [rng.randint(-5, 5) for _ in range(rng.randint(1, 15))]
        counts = Counter(data)
        top = max(counts.values())
        assert mode(data) == min(v for v in counts if counts[v] == top)

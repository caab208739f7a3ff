import random

import pytest

from solution import digital_root, persistence


def test_small_values():
    assert [digital_root(i) for i in range(12)] == [0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 1, 2]
    assert [persistence(i) for i in range(10)] == [0] * 10
    assert persistence(10) == 1


def test_nines():
    assert digital_root(999999999) == 9
    assert persistence(999999999) == 2  # 81 -> 9


def test_persistence_values():
    assert persistence(19) == 2  # 10 -> 1
    assert persistence(199) == 3  # 19 -> 10 -> 1


def test_huge():
    n = int("7" * 500)
    assert digital_root(n) == 1 + (n - 1) % 9
    assert persistence(n) == 2  # -> 3500 -> 8


def test_negative():
    with pytest.raises(ValueError):
        digital_root(-5)
    with pytest.raises(ValueError):
        persistence(-1)


def test_random_against_formula():
    rng = random.Random(1234)
    for _ in range(500):
        n = rng.randint(1, 10 ** rng.randint(1, 40))
        assert digital_root(n) == 1 + (n - 1) % 9
        steps, m = 0, n
        while m >= 10:
            m = sum(map(int, str(m)))
            steps += 1
        assert persistence(n) == steps

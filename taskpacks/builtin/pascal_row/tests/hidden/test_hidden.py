import math
import random

import pytest

from solution import pascal_row


def test_first_rows():
    assert pascal_row(1) == [1, 1]
    assert pascal_row(2) == [1, 2, 1]
    assert pascal_row(5) == [1, 5, 10, 10, 5, 1]


def test_negative():
    with pytest.raises(ValueError):
        pascal_row(-1)


def test_row_sum_is_power_of_two():
    for n in range(0, 40):
        assert sum(pascal_row(n)) == 2 ** n


def test_big_row_exact():
    row = pascal_row(2000)
    assert len(row) == 2001
    assert row[1000] == math.comb(2000, 1000)
    assert all(isinstance(x, int) for x in row[:5])


def test_row_symmetry():
    row = pascal_row(31)
    assert row == row[::-1]


def test_random_against_comb():
    rng = random.Random(1234)
    for _ in range(60):
        n = rng.randint(0, 300)
        assert pascal_row(n) == [math.comb(n, k) for k in range(n + 1)]

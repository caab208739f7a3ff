import random

import pytest

from solution import rotate

CODEGYM_IN_PLACE = True  # argument changes are written back: the tests check inputs stay unchanged


def rot_once(m):
    rows, cols = len(m), len(m[0])
    return [[m[rows - 1 - i][j] for i in range(rows)] for j in range(cols)]


def oracle(m, k):
    for _ in range(k % 4):
        m = rot_once(m)
    return m


def test_empty():
    assert rotate([]) == []
    assert rotate([[]], 3) == []


def test_counter_clockwise():
    assert rotate([[1, 2, 3], [4, 5, 6]], -1) == [[3, 6], [2, 5], [1, 4]]


def test_k_zero_returns_copy():
    m = [[1, 2], [3, 4]]
    r = rotate(m, 0)
    assert r == [[1, 2], [3, 4]]
    r[0][0] = 9
    assert m == [[1, 2], [3, 4]]


def test_large_k_and_four_cycle():
    m = [[1, 2, 3], [4, 5, 6]]
    assert rotate(m, 4) == [[1, 2, 3], [4, 5, 6]]
    expected = rotate(m, 1)  # computed before the solution can touch the inputs
    assert rotate(m, 401) == expected
    expected = rotate(m, 1)  # computed before the solution can touch the inputs
    assert rotate(m, -3) == expected


def test_single_row_column():
    assert rotate([[1, 2, 3]]) == [[1], [2], [3]]
    assert rotate([[1], [2], [3]]) == [[3, 2, 1]]


def test_ragged():
    with pytest.raises(ValueError):
        rotate([[1, 2], [3]])


def test_input_not_modified():
    m = [[1, 2], [3, 4], [5, 6]]
    rotate(m, 3)
    assert m == [[1, 2], [3, 4], [5, 6]]


def test_random_against_oracle():
    rng = random.Random(1234)
    for _ in range(300):
        r, c = rng.randint(1, 5), rng.randint(1, 5)
        m = [[rng.randint(0, 99) for _ in range(c)] for _ in range(r)]
        k = rng.randint(-9, 9)
        expected = oracle(m, k)  # computed before the solution can touch the inputs
        assert rotate(m, k) == expected

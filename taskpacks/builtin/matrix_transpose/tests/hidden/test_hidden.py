import random

import pytest

from solution import transpose

CODEGYM_IN_PLACE = True  # argument changes are written back: the tests check inputs stay unchanged


def test_empty_rows():
    assert transpose([[], []]) == []
    assert transpose([[]]) == []


def test_single_row_and_column():
    assert transpose([[1, 2, 3]]) == [[1], [2], [3]]
    assert transpose([[1], [2], [3]]) == [[1, 2, 3]]
    assert transpose([["x"]]) == [["x"]]


def test_ragged():
    with pytest.raises(ValueError):
        transpose([[1, 2], [3]])
    with pytest.raises(ValueError):
        transpose([[1], [2, 3]])
    with pytest.raises(ValueError):
        transpose([[], [1]])


def test_not_modified_and_new_lists():
    m = [[1, 2], [3, 4]]
    t = transpose(m)
    assert t == [[1, 3], [2, 4]]
    t[0][0] = 99
    assert m == [[1, 2], [3, 4]]


def test_mixed_types():
    assert transpose([["a", None], [1.5, (1,)]]) == [["a", 1.5], [None, (1,)]]


def test_random_double_transpose_and_oracle():
    rng = random.Random(1234)
    for _ in range(200):
        r, c = rng.randint(1, 6), rng.randint(1, 6)
        m = [[rng.randint(-9, 9) for _ in range(c)] for _ in range(r)]
        original = [row[:] for row in m]  # a copy taken before the solution can touch the input
        t = transpose(m)
        assert len(t) == c and all(len(row) == r for row in t)
        assert all(t[j][i] == m[i][j] for i in range(r) for j in range(c))
        assert transpose(t) == original

import random

import pytest

from solution import merge_intervals

CODEGYM_IN_PLACE = True  # argument changes are written back: the tests check inputs stay unchanged


def oracle(intervals):
    # Coverage on a doubled grid: point 2x is x, 2x+1 is the gap between x and x+1.
    covered = set()
    for a, b in intervals:
        covered.update(range(2 * a, 2 * b + 1))
    result = []
    for p in sorted(covered):
        if result and p == 2 * result[-1][1] + 1:
            result[-1][1] = (p + 1) // 2
        elif result and p <= 2 * result[-1][1]:
            continue
        else:
            result.append([p // 2, p // 2])
    return [tuple(iv) for iv in result]


def test_touching_merged():
    assert merge_intervals([(3, 5), (1, 3)]) == [(1, 5)]


def test_gap_not_merged():
    assert merge_intervals([(3, 4), (1, 2)]) == [(1, 2), (3, 4)]


def test_single_and_points():
    assert merge_intervals([(2, 2)]) == [(2, 2)]
    assert merge_intervals([(2, 2), (2, 2), (1, 2)]) == [(1, 2)]


def test_contained_and_negative():
    assert merge_intervals([(-10, 10), (-3, -2), (0, 1)]) == [(-10, 10)]
    assert merge_intervals([(-5, -3), (-2, 0)]) == [(-5, -3), (-2, 0)]


def test_invalid():
    with pytest.raises(ValueError):
        merge_intervals([(1, 2), (5, 4)])


def test_input_not_modified_and_tuples():
    data = [(5, 6), (1, 5)]
    result = merge_intervals(data)
    assert data == [(5, 6), (1, 5)]
    assert result == [(1, 6)]
    assert all(isinstance(iv, tuple) for iv in result)


def test_random_against_oracle():
    rng = random.Random(1234)
    for _ in range(400):
        data = []
        for _ in range(rng.randint(0, 8)):
            a = rng.randint(-10, 10)
            data.append((a, a + rng.randint(0, 5)))
        expected = oracle(data)  # computed before the solution can touch the inputs
        assert merge_intervals(data) == expected

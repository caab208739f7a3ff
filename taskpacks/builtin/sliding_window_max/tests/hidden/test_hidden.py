import random

import pytest

from solution import window_max

CODEGYM_IN_PLACE = True  # argument changes are written back: the tests check inputs stay unchanged


def oracle(nums, k):
    return [max(nums[i:i + k]) for i in range(len(nums) - k + 1)]


def test_k_equals_len_and_larger():
    assert window_max([3, 1, 2], 3) == [3]
    assert window_max([3, 1, 2], 4) == []
    assert window_max([], 1) == []


def test_invalid_k():
    with pytest.raises(ValueError):
        window_max([1, 2], 0)
    with pytest.raises(ValueError):
        window_max([1, 2], -1)


def test_all_negative_and_duplicates():
    assert window_max([-5, -2, -8, -2, -9], 2) == [-2, -2, -2, -2]
    assert window_max([7, 7, 7, 7], 3) == [7, 7]


def test_decreasing_and_increasing():
    assert window_max([5, 4, 3, 2, 1], 2) == [5, 4, 3, 2]
    assert window_max([1, 2, 3, 4, 5], 2) == [2, 3, 4, 5]


def test_not_modified():
    nums = [2, 1, 3]
    window_max(nums, 2)
    assert nums == [2, 1, 3]


def test_large_input_fast():
    n, k = 200_000, 5_000
    nums = [(i * 7919) % 10007 for i in range(n)]
    result = window_max(nums, k)
    assert len(result) == n - k + 1
    assert result[0] == max(nums[:k]) and result[-1] == max(nums[-k:])


def test_random_against_oracle():
    rng = random.Random(1234)
    for _ in range(400):
        nums = [rng.randint(-20, 20) for _ in range(rng.randint(0, 25))]
        k = rng.randint(1, 8)
        expected = oracle(nums, k)  # computed before the solution can touch the inputs
        assert window_max(nums, k) == expected

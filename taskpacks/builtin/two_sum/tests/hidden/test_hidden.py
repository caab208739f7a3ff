import random

from solution import two_sum


def oracle(nums, target):
    for j in range(len(nums)):
        for i in range(j):
            if nums[i] + nums[j] == target:
                return (i, j)
    return None


def test_duplicates():
    assert two_sum([3, 3], 6) == (0, 1)
    assert two_sum([3, 2, 4], 6) == (1, 2)


def test_same_index_not_reused():
    assert two_sum([3], 6) is None
    assert two_sum([3, 1], 6) is None


def test_empty():
    assert two_sum([], 0) is None


def test_smallest_j_then_i():
    assert two_sum([3, 0, 3, 2], 5) == (0, 3)
    assert two_sum([0, 9, 4, 1, 5], 5) == (2, 3)
    assert two_sum([5, 5, 0, 5], 5) == (0, 2)


def test_negatives_and_zero():
    assert two_sum([-3, 4, 3, 90], 0) == (0, 2)
    assert two_sum([0, 4, 0], 0) == (0, 2)


def test_large_input_is_fast():
    nums = list(range(100_000))
    assert two_sum(nums, 199_997) == (99_998, 99_999)
    assert two_sum(nums, -1) is None


def test_random_against_oracle():
    rng = random.Random(1234)
    for _ in range(400):
        nums = [rng.randint(-10, 10) for _ in range(rng.randint(0, 15))]
        target = rng.randint(-15, 15)
        assert two_sum(nums, target) == oracle(nums, target)

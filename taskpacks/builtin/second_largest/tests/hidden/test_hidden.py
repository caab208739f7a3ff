import random

from solution import second_largest

CODEGYM_IN_PLACE = True  # argument changes are written back: the tests check inputs stay unchanged


def oracle(nums):
    distinct = sorted(set(nums))
    return distinct[-2] if len(distinct) >= 2 else None


def test_empty_and_single():
    assert second_largest([]) is None
    assert second_largest([7]) is None


def test_negatives():
    assert second_largest([-2, -9]) == -9
    assert second_largest([-5, -1, -1, -3]) == -3


def test_max_first_or_last():
    assert second_largest([10, 1, 2, 3]) == 3
    assert second_largest([1, 2, 3, 10]) == 3


def test_duplicates_of_second():
    assert second_largest([2, 2, 1, 2]) == 1
    assert second_largest([4, 3, 3, 4]) == 3


def test_zero_is_a_valid_answer():
    assert second_largest([0, 1]) == 0
    assert second_largest([1, 0, 0]) == 0


def test_not_modified_and_large():
    nums = list(range(1_000_000))
    assert second_largest(nums) == 999_998
    assert nums[:3] == [0, 1, 2] and nums[-1] == 999_999


def test_random_against_oracle():
    rng = random.Random(1234)
    for _ in range(500):
        nums = [rng.randint(-10, 10) for _ in range(rng.randint(0, 12))]
        expected = oracle(nums)  # computed before the solution can touch the inputs
        assert second_largest(nums) == expected

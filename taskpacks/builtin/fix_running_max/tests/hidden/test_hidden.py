import random

from solution import running_max

CODEGYM_IN_PLACE = True  # argument changes are written back: the tests check inputs stay unchanged


def oracle(nums):
    return [max(nums[: i + 1]) for i in range(len(nums))]


def test_all_negative():
    assert running_max([-5, -7, -3, -4]) == [-5, -5, -3, -3]


def test_single():
    assert running_max([-1]) == [-1]
    assert running_max([0]) == [0]


def test_floats():
    assert running_max([-1.5, -2.5, -0.5]) == [-1.5, -1.5, -0.5]


def test_decreasing():
    assert running_max([9, 8, 7]) == [9, 9, 9]


def test_input_not_modified():
    nums = [3, -1, 4]
    running_max(nums)
    assert nums == [3, -1, 4]


def test_large():
    nums = list(range(-100000, 0))
    assert running_max(nums) == list(range(-100000, 0))


def test_random_against_oracle():
    rng = random.Random(1234)
    for _ in range(300):
        nums = [rng.randint(-100, 100) for _ in range(rng.randint(0, 20))]
        expected = oracle(nums)  # computed before the solution can touch the inputs
        assert running_max(nums) == expected

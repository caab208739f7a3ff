import random

from solution import longest_increasing_subsequence

CODEGYM_IN_PLACE = True  # argument changes are written back: the tests check inputs stay unchanged


def is_increasing_subsequence(sub, nums):
    it = iter(nums)
    return all(x in it for x in sub) and all(a < b for a, b in zip(sub, sub[1:]))


def lis_length(nums):
    best = []
    for i, x in enumerate(nums):
        best.append(1 + max([best[j] for j in range(i) if nums[j] < x], default=0))
    return max(best, default=0)


def test_single_and_constant():
    assert longest_increasing_subsequence([5]) == [5]
    assert longest_increasing_subsequence([3, 3, 3]) == [3]


def test_strictly_increasing_required():
    sub = longest_increasing_subsequence([1, 2, 2, 3])
    assert sub == [1, 2, 3]


def test_decreasing():
    nums = [9, 7, 5, 3]
    sub = longest_increasing_subsequence(nums)
    assert len(sub) == 1 and sub[0] in nums


def test_negative_values():
    nums = [-5, -10, -3, -4, 0, -1, 2]
    sub = longest_increasing_subsequence(nums)
    assert len(sub) == 4 and is_increasing_subsequence(sub, nums)


def test_not_modified():
    nums = [3, 1, 2]
    longest_increasing_subsequence(nums)
    assert nums == [3, 1, 2]


def test_large_input_fast():
    rng = random.Random(7)
    nums = [rng.randint(0, 10 ** 6) for _ in range(50_000)]
    sub = longest_increasing_subsequence(nums)
    assert len(sub) > 300
    assert all(a < b for a, b in zip(sub, sub[1:]))
    increasing = list(range(50_000))
    assert longest_increasing_subsequence(increasing) == increasing


def test_random_against_quadratic():
    rng = random.Random(1234)
    for _ in range(300):
        nums = [rng.randint(-10, 10) for _ in range(rng.randint(0, 25))]
        sub = longest_increasing_subsequence(nums)
        assert len(sub) == lis_length(nums)
        assert is_increasing_subsequence(sub, nums)

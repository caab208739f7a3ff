from solution import longest_increasing_subsequence


def is_increasing_subsequence(sub, nums):
    it = iter(nums)
    return all(x in it for x in sub) and all(a < b for a, b in zip(sub, sub[1:]))


def test_example():
    nums = [10, 9, 2, 5, 3, 7, 101, 18]
    sub = longest_increasing_subsequence(nums)
    assert len(sub) == 4 and is_increasing_subsequence(sub, nums)


def test_empty():
    assert longest_increasing_subsequence([]) == []

import bisect


def longest_increasing_subsequence(nums):
    """Values of one longest strictly increasing subsequence of nums."""
    tails = []      # tails[k]: smallest tail value of an increasing run of length k+1
    tail_idx = []   # index in nums of that tail
    prev = [-1] * len(nums)
    for i, x in enumerate(nums):
        k = bisect.bisect_left(tails, x)
        if k == len(tails):
            tails.append(x)
            tail_idx.append(i)
        else:
            tails[k] = x
            tail_idx[k] = i
        prev[i] = tail_idx[k - 1] if k > 0 else -1
    result = []
    i = tail_idx[-1] if tail_idx else -1
    while i >= 0:
        result.append(nums[i])
        i = prev[i]
    return result[::-1]

from collections import deque


def window_max(nums, k):
    """Maximum of each length-k window of nums, in O(n) with a monotonic deque."""
    if k < 1:
        raise ValueError("k must be at least 1")
    result = []
    window = deque()  # indices whose values are strictly decreasing
    for i, x in enumerate(nums):
        while window and nums[window[-1]] <= x:
            window.pop()
        window.append(i)
        if window[0] <= i - k:
            window.popleft()
        if i >= k - 1:
            result.append(nums[window[0]])
    return result

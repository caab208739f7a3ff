def two_sum(nums, target):
    """Return (i, j), i < j, with nums[i] + nums[j] == target (see statement), or None."""
    pass

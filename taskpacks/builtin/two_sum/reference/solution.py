def two_sum(nums, target):
    """Return (i, j), i < j, with nums[i] + nums[j] == target, smallest j then i."""
    first_index = {}
    for j, x in enumerate(nums):
        i = first_index.get(target - x)
        if i is not None:
            return (i, j)
        first_index.setdefault(x, j)
    return None

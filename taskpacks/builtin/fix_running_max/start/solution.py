def running_max(nums):
    """Return the list of prefix maxima of nums."""
    result = []
    best = 0
    for x in nums:
        if x > best:
            best = x
        result.append(best)
    return result

def running_max(nums):
    """Return the list of prefix maxima of nums."""
    result = []
    best = None
    for x in nums:
        if best is None or x > best:
            best = x
        result.append(best)
    return result

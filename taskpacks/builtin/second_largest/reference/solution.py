def second_largest(nums):
    """Return the second largest distinct value in nums, or None."""
    first = second = None
    for x in nums:
        if first is None or x > first:
            first, second = x, first
        elif x < first and (second is None or x > second):
            second = x
    return second

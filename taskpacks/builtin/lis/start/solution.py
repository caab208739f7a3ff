def longest_increasing_subsequence(nums):
    """Values of one longest strictly increasing subsequence of nums."""
    pass

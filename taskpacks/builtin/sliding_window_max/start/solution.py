def window_max(nums, k):
    """Maximum of each length-k window of nums."""
    pass

def merge_intervals(intervals):
    """Merge overlapping or touching closed intervals."""
    pass

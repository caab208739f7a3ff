def merge_intervals(intervals):
    """Merge overlapping or touching closed intervals."""
    for a, b in intervals:
        if a > b:
            raise ValueError(f"invalid interval ({a}, {b})")
    merged = []
    for a, b in sorted(intervals):
        if merged and a <= merged[-1][1]:
            merged[-1][1] = max(merged[-1][1], b)
        else:
            merged.append([a, b])
    return [tuple(iv) for iv in merged]

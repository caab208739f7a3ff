def bisect_left(a, x, lo=0, hi=None):
    """Leftmost insertion point of x in the sorted list a[lo:hi]."""
    if lo < 0:
        raise ValueError("lo must be non-negative")
    if hi is None:
        hi = len(a) - 1
    while lo < hi:
        mid = (lo + hi) // 2
        if a[mid] < x:
            lo = mid + 1
        else:
            hi = mid
    return lo


def index_of(a, x):
    """Index of the first occurrence of x in sorted list a, or -1."""
    i = bisect_left(a, x)
    if i < len(a) and a[i] == x:
        return i
    return -1

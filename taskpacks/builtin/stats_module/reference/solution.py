import math
from collections import Counter


def mean(data):
    """Arithmetic mean of data (float)."""
    values = list(data)
    if not values:
        raise ValueError("mean requires at least one value")
    return sum(values) / len(values)


def median(data):
    """Median of data."""
    values = sorted(data)
    n = len(values)
    if n == 0:
        raise ValueError("median requires at least one value")
    mid = n // 2
    if n % 2:
        return values[mid]
    return (values[mid - 1] + values[mid]) / 2


def mode(data):
    """Most frequent value; ties go to the smallest value."""
    counts = Counter(data)
    if not counts:
        raise ValueError("mode requires at least one value")
    best = max(counts.values())
    return min(v for v, c in counts.items() if c == best)


def stdev(data, sample=True):
    """Sample (default) or population standard deviation."""
    values = list(data)
    n = len(values)
    if n < (2 if sample else 1):
        raise ValueError("not enough data for standard deviation")
    m = sum(values) / n
    ss = sum((x - m) ** 2 for x in values)
    return math.sqrt(ss / (n - 1 if sample else n))

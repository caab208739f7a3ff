def average(values, weights=None):
    """Return the (optionally weighted) mean of values, or None if there are none."""
    values = list(values)
    if weights is None:
        if not values:
            return None
        return sum(values) / len(values)
    weights = list(weights)
    if len(weights) != len(values):
        raise ValueError("values and weights must have the same length")
    if not values:
        return None
    if any(w < 0 for w in weights):
        raise ValueError("weights must be non-negative")
    total_weight = sum(weights)
    if total_weight == 0:
        raise ValueError("weights sum to zero")
    return sum(v * w for v, w in zip(values, weights)) / total_weight

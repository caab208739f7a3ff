def _digit_sum(n):
    return sum(int(d) for d in str(n))


def persistence(n):
    """Number of digit-sum steps until n has a single digit."""
    if n < 0:
        raise ValueError("n must be non-negative")
    steps = 0
    while n >= 10:
        n = _digit_sum(n)
        steps += 1
    return steps


def digital_root(n):
    """Repeated decimal digit sum of n until one digit remains."""
    if n < 0:
        raise ValueError("n must be non-negative")
    while n >= 10:
        n = _digit_sum(n)
    return n

def digital_root(n):
    """Repeated decimal digit sum of n until one digit remains."""
    pass


def persistence(n):
    """Number of digit-sum steps until n has a single digit."""
    pass

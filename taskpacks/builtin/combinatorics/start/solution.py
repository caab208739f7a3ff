def permutations(items, r=None):
    """Yield r-permutations of items in itertools order."""
    pass


def combinations(items, r):
    """Yield r-combinations of items in itertools order."""
    pass


def unique_permutations(items):
    """Yield the distinct permutations of items in lexicographic order."""
    pass

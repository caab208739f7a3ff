def transpose(matrix):
    """Return the transpose of a rectangular list-of-lists matrix."""
    pass

def pascal_row(n):
    """Return row n (0-indexed) of Pascal's triangle."""
    pass

def pascal_row(n):
    """Return row n (0-indexed) of Pascal's triangle."""
    if n < 0:
        raise ValueError("n must be non-negative")
    row = [1]
    for k in range(n):
        row.append(row[-1] * (n - k) // (k + 1))
    return row

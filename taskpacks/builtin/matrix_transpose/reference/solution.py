def transpose(matrix):
    """Return the transpose of a rectangular list-of-lists matrix."""
    if not matrix:
        return []
    width = len(matrix[0])
    if any(len(row) != width for row in matrix):
        raise ValueError("ragged matrix")
    return [[row[j] for row in matrix] for j in range(width)]

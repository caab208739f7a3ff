def rotate(matrix, k=1):
    """Rotate a rectangular matrix 90 degrees clockwise k times."""
    if any(len(row) != len(matrix[0]) for row in matrix):
        raise ValueError("ragged matrix")
    if not matrix or not matrix[0]:
        return []
    result = [list(row) for row in matrix]
    for _ in range(k % 4):
        result = [list(col) for col in zip(*result[::-1])]
    return result

def rotate(matrix, k=1):
    """Rotate a rectangular matrix 90 degrees clockwise k times."""
    pass

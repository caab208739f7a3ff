def is_valid_sudoku(board):
    """True if no filled digit repeats in a row, column or 3x3 box."""
    pass

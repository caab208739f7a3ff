def solve_sudoku(board):
    """Return a solved copy of board, or None if it has no solution."""
    pass


def count_solutions(board, limit=2):
    """Number of solutions of board, counting at most limit."""
    pass

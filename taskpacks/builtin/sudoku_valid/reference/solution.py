def is_valid_sudoku(board):
    """True if no filled digit repeats in a row, column or 3x3 box."""
    if len(board) != 9 or any(len(row) != 9 for row in board):
        raise ValueError("board must be 9x9")
    for row in board:
        for cell in row:
            if isinstance(cell, bool) or not isinstance(cell, int) or not 0 <= cell <= 9:
                raise ValueError(f"invalid cell {cell!r}")
    seen = set()
    for r in range(9):
        for c in range(9):
            d = board[r][c]
            if d == 0:
                continue
            keys = {("row", r, d), ("col", c, d), ("box", r // 3, c // 3, d)}
            if keys & seen:
                return False
            seen |= keys
    return True

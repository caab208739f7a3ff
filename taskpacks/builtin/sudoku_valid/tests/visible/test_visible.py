from solution import is_valid_sudoku

EMPTY = [[0] * 9 for _ in range(9)]


def test_empty_board_valid():
    assert is_valid_sudoku(EMPTY) is True


def test_row_duplicate():
    board = [row[:] for row in EMPTY]
    board[0][0] = board[0][8] = 5
    assert is_valid_sudoku(board) is False

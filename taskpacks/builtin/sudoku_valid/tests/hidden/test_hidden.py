import random

import pytest

from solution import is_valid_sudoku

CODEGYM_IN_PLACE = True  # argument changes are written back: the tests check inputs stay unchanged

SOLVED = [
    [5, 3, 4, 6, 7, 8, 9, 1, 2],
    [6, 7, 2, 1, 9, 5, 3, 4, 8],
    [1, 9, 8, 3, 4, 2, 5, 6, 7],
    [8, 5, 9, 7, 6, 1, 4, 2, 3],
    [4, 2, 6, 8, 5, 3, 7, 9, 1],
    [7, 1, 3, 9, 2, 4, 8, 5, 6],
    [9, 6, 1, 5, 3, 7, 2, 8, 4],
    [2, 8, 7, 4, 1, 9, 6, 3, 5],
    [3, 4, 5, 2, 8, 6, 1, 7, 9],
]


def empty():
    return [[0] * 9 for _ in range(9)]


def oracle(board):
    groups = [board[r] for r in range(9)]
    groups += [[board[r][c] for r in range(9)] for c in range(9)]
    groups += [[board[r][c] for r in range(br, br + 3) for c in range(bc, bc + 3)]
               for br in (0, 3, 6) for bc in (0, 3, 6)]
    for g in groups:
        digits = [d for d in g if d]
        if len(digits) != len(set(digits)):
            return False
    return True


def test_solved_board_valid():
    assert is_valid_sudoku([row[:] for row in SOLVED]) is True


def test_column_duplicate():
    b = empty()
    b[0][4] = b[8][4] = 7
    assert is_valid_sudoku(b) is False


def test_box_duplicate_only():
    b = empty()
    b[3][3] = 2
    b[5][5] = 2
    assert is_valid_sudoku(b) is False
    b[5][5] = 0
    b[5][6] = 2
    assert is_valid_sudoku(b) is True


def test_zeros_may_repeat():
    b = empty()
    b[4] = [0, 0, 1, 0, 0, 2, 0, 0, 3]
    assert is_valid_sudoku(b) is True


@pytest.mark.parametrize("make_bad", [
    lambda: empty()[:8],
    lambda: [row[:8] for row in empty()],
    lambda: empty() + [[0] * 9],
    lambda: [[10] + [0] * 8] + empty()[1:],
    lambda: [[-1] + [0] * 8] + empty()[1:],
    lambda: [["5"] + [0] * 8] + empty()[1:],
    lambda: [[True] + [0] * 8] + empty()[1:],
    lambda: [[1.0] + [0] * 8] + empty()[1:],
])
def test_invalid_input(make_bad):
    with pytest.raises(ValueError):
        is_valid_sudoku(make_bad())


def test_not_modified():
    b = [row[:] for row in SOLVED]
    is_valid_sudoku(b)
    assert b == SOLVED


def test_random_against_oracle():
    rng = random.Random(1234)
    for _ in range(400):
        b = [row[:] for row in SOLVED]
        for r in range(9):
            for c in range(9):
                if rng.random() < 0.6:
                    b[r][c] = 0
        for _ in range(rng.randint(0, 2)):
            b[rng.randrange(9)][rng.randrange(9)] = rng.randint(1, 9)
        assert is_valid_sudoku(b) is oracle(b)

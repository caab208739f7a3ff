from solution import count_solutions, solve_sudoku

PUZZLE = [
    [5, 3, 0, 0, 7, 0, 0, 0, 0],
    [6, 0, 0, 1, 9, 5, 0, 0, 0],
    [0, 9, 8, 0, 0, 0, 0, 6, 0],
    [8, 0, 0, 0, 6, 0, 0, 0, 3],
    [4, 0, 0, 8, 0, 3, 0, 0, 1],
    [7, 0, 0, 0, 2, 0, 0, 0, 6],
    [0, 6, 0, 0, 0, 0, 2, 8, 0],
    [0, 0, 0, 4, 1, 9, 0, 0, 5],
    [0, 0, 0, 0, 8, 0, 0, 7, 9],
]


def test_solve():
    solution = solve_sudoku(PUZZLE)
    assert solution[0] == [5, 3, 4, 6, 7, 8, 9, 1, 2]
    assert solution[8] == [3, 4, 5, 2, 8, 6, 1, 7, 9]


def test_unique():
    assert count_solutions(PUZZLE) == 1

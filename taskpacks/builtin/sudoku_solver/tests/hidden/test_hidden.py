import itertools
import random

import pytest

from solution import count_solutions, solve_sudoku

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

HARD = [  # "Arto Inkala" puzzle
    [8, 0, 0, 0, 0, 0, 0, 0, 0],
    [0, 0, 3, 6, 0, 0, 0, 0, 0],
    [0, 7, 0, 0, 9, 0, 2, 0, 0],
    [0, 5, 0, 0, 0, 7, 0, 0, 0],
    [0, 0, 0, 0, 4, 5, 7, 0, 0],
    [0, 0, 0, 1, 0, 0, 0, 3, 0],
    [0, 0, 1, 0, 0, 0, 0, 6, 8],
    [0, 0, 8, 5, 0, 0, 0, 1, 0],
    [0, 9, 0, 0, 0, 0, 4, 0, 0],
]


def is_solution(sol, puzzle):
    groups = [sol[r] for r in range(9)] + [[sol[r][c] for r in range(9)] for c in range(9)]
    groups += [[sol[r][c] for r in range(br, br + 3) for c in range(bc, bc + 3)]
               for br in (0, 3, 6) for bc in (0, 3, 6)]
    return (all(sorted(g) == list(range(1, 10)) for g in groups)
            and all(puzzle[r][c] in (0, sol[r][c]) for r in range(9) for c in range(9)))


def test_hard_puzzle():
    sol = solve_sudoku(HARD)
    assert is_solution(sol, HARD)


def test_empty_board():
    empty = [[0] * 9 for _ in range(9)]
    assert is_solution(solve_sudoku(empty), empty)
    assert count_solutions(empty, limit=5) == 5
    assert count_solutions(empty, limit=1) == 1


def test_conflicting_givens():
    bad = [[0] * 9 for _ in range(9)]
    bad[0][0] = bad[0][5] = 4
    assert solve_sudoku(bad) is None
    assert count_solutions(bad) == 0


def test_unsolvable_without_direct_conflict():
    board = [row[:] for row in SOLVED]
    board[0][0] = 0
    board[0][1] = 0
    board[1][0] = 0
    board[0][2] = 5  # 5 must go to (0,0) by row but column 0 already has 5
    assert solve_sudoku(board) is None


def test_not_modified_and_full_board():
    board = [row[:] for row in HARD]
    solve_sudoku(board)
    assert board == HARD
    full = [row[:] for row in SOLVED]
    assert solve_sudoku(full) == SOLVED and solve_sudoku(full) is not full


@pytest.mark.parametrize("make_bad", [
    lambda: [[0] * 9 for _ in range(8)],
    lambda: [[0] * 8 for _ in range(9)],
    lambda: [[10] + [0] * 8] + [[0] * 9 for _ in range(8)],
    lambda: [[True] + [0] * 8] + [[0] * 9 for _ in range(8)],
    lambda: [["1"] + [0] * 8] + [[0] * 9 for _ in range(8)],
])
def test_invalid_boards(make_bad):
    with pytest.raises(ValueError):
        solve_sudoku(make_bad())
    with pytest.raises(ValueError):
        count_solutions(make_bad())


def test_invalid_limit():
    with pytest.raises(ValueError):
        count_solutions(SOLVED, limit=0)


def brute_count(board):
    holes = [(r, c) for r in range(9) for c in range(9) if board[r][c] == 0]
    options = []
    for r, c in holes:
        used = set(board[r]) | {board[i][c] for i in range(9)}
        options.append([d for d in range(1, 10) if d not in used])
    count = 0
    for digits in itertools.product(*options):
        b = [row[:] for row in board]
        for (r, c), d in zip(holes, digits):
            b[r][c] = d
        if is_solution(b, board):
            count += 1
    return count


def deadly_rectangles(g):
    found = []
    for r1 in range(9):
        for r2 in range(r1 + 1, 9):
            for c1 in range(9):
                for c2 in range(c1 + 1, 9):
                    if (g[r1][c1] == g[r2][c2] and g[r1][c2] == g[r2][c1]
                            and (r1 // 3 == r2 // 3 or c1 // 3 == c2 // 3)):
                        found.append((r1, r2, c1, c2))
    return found


def random_grid(rng):
    digits = list(range(1, 10))
    rng.shuffle(digits)
    grid = [[digits[v - 1] for v in row] for row in SOLVED]
    if rng.random() < 0.5:
        grid = [list(col) for col in zip(*grid)]
    bands = [0, 1, 2]
    rng.shuffle(bands)
    rows = [b * 3 + i for b in bands for i in rng.sample(range(3), 3)]
    return [grid[r] for r in rows]


def test_random_puzzles():
    rng = random.Random(1234)
    for _ in range(15):
        grid = random_grid(rng)
        puzzle = [row[:] for row in grid]
        for r, c in rng.sample([(r, c) for r in range(9) for c in range(9)], 50):
            puzzle[r][c] = 0
        assert is_solution(solve_sudoku(puzzle), puzzle)
    counts = set()
    for _ in range(40):
        grid = random_grid(rng)
        puzzle = [row[:] for row in grid]
        rects = deadly_rectangles(grid)
        if rects and rng.random() < 0.5:
            r1, r2, c1, c2 = rng.choice(rects)
        else:
            (r1, r2), (c1, c2) = rng.sample(range(9), 2), rng.sample(range(9), 2)
        holes = [(r1, c1), (r1, c2), (r2, c1), (r2, c2)] + rng.sample(
            [(r, c) for r in range(9) for c in range(9)], rng.randint(0, 2))
        for r, c in holes:
            puzzle[r][c] = 0
        expected = brute_count(puzzle)
        counts.add(expected)
        assert count_solutions(puzzle, limit=10) == expected
    assert counts >= {1, 2}

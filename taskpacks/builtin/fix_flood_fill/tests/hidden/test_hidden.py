import random
from collections import deque

import pytest

from solution import flood_fill

CODEGYM_IN_PLACE = True  # argument changes are written back: the tests check inputs stay unchanged


def oracle(grid, row, col, new):
    g = [list(r) for r in grid]
    old = g[row][col]
    if old == new:
        return g
    seen = {(row, col)}
    q = deque([(row, col)])
    while q:
        r, c = q.popleft()
        g[r][c] = new
        for rr, cc in ((r + 1, c), (r - 1, c), (r, c + 1), (r, c - 1)):
            if 0 <= rr < len(g) and 0 <= cc < len(g[0]) and (rr, cc) not in seen and grid[rr][cc] == old:
                seen.add((rr, cc))
                q.append((rr, cc))
    return g


def test_input_not_modified():
    grid = [[1, 1], [1, 0]]
    result = flood_fill(grid, 0, 0, 3)
    assert result == [[3, 3], [3, 0]]
    assert grid == [[1, 1], [1, 0]]


def test_rows_not_shared():
    grid = [[0, 0], [0, 0]]
    result = flood_fill(grid, 1, 1, 0)
    assert result == [[0, 0], [0, 0]]
    assert result is not grid and all(a is not b for a, b in zip(result, grid))


def test_same_color_unchanged():
    grid = [[2, 2], [2, 2]]
    assert flood_fill(grid, 0, 1, 2) == [[2, 2], [2, 2]]


def test_out_of_bounds():
    grid = [[1, 2], [3, 4]]
    for r, c in ((2, 0), (0, 2), (-1, 0), (0, -1)):
        with pytest.raises(IndexError):
            flood_fill(grid, r, c, 9)


def test_string_colors_single_cell():
    assert flood_fill([["r"]], 0, 0, "g") == [["g"]]


def test_large_grid_no_recursion_error():
    grid = [[0] * 200 for _ in range(200)]
    result = flood_fill(grid, 120, 80, 1)
    assert all(cell == 1 for row in result for cell in row)
    assert grid[0][0] == 0


def test_random_against_oracle():
    rng = random.Random(1234)
    for _ in range(300):
        rows, cols = rng.randint(1, 7), rng.randint(1, 7)
        grid = [[rng.randint(0, 2) for _ in range(cols)] for _ in range(rows)]
        snapshot = [list(r) for r in grid]
        r, c = rng.randrange(rows), rng.randrange(cols)
        new = rng.randint(0, 3)
        expected = oracle(grid, r, c, new)  # computed before the solution can touch the inputs
        assert flood_fill(grid, r, c, new) == expected
        assert grid == snapshot

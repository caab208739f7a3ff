import random

import pytest

from solution import grid_distance


def oracle(grid, start, goal):
    rows, cols = len(grid), len(grid[0])
    if grid[start[0]][start[1]] == "#" or grid[goal[0]][goal[1]] == "#":
        return -1
    INF = float("inf")
    dist = {(r, c): INF for r in range(rows) for c in range(cols) if grid[r][c] != "#"}
    dist[start] = 0
    changed = True
    while changed:
        changed = False
        for (r, c), d in list(dist.items()):
            for nb in ((r + 1, c), (r - 1, c), (r, c + 1), (r, c - 1)):
                if nb in dist and dist[nb] + 1 < d:
                    dist[(r, c)] = d = dist[nb] + 1
                    changed = True
    return -1 if dist[goal] == INF else dist[goal]


def test_no_wrap_around_top_bottom():
    grid = [".#.",
            "###",
            "..."]
    assert grid_distance(grid, (0, 0), (0, 2)) == -1
    assert grid_distance(grid, (2, 0), (2, 2)) == 2


def test_no_wrap_around_left_right():
    grid = [".#..",
            "##..",
            ".#.."]
    assert grid_distance(grid, (0, 0), (2, 0)) == -1
    assert grid_distance(grid, (0, 2), (2, 3)) == 3


def test_start_equals_goal():
    assert grid_distance(["."], (0, 0), (0, 0)) == 0


def test_walls_at_endpoints():
    assert grid_distance([".#"], (0, 0), (0, 1)) == -1
    assert grid_distance(["#."], (0, 0), (0, 1)) == -1


def test_outside_raises():
    grid = ["...", "..."]
    for start, goal in (((-1, 0), (0, 0)), ((0, 0), (2, 0)), ((0, 3), (0, 0)), ((0, 0), (0, -1))):
        with pytest.raises(ValueError):
            grid_distance(grid, start, goal)


def test_other_characters_walkable():
    grid = ["S.a", "##b", "G c"]
    assert grid_distance(grid, (0, 0), (2, 0)) == 6


def test_random_against_oracle():
    rng = random.Random(1234)
    for _ in range(200):
        rows, cols = rng.randint(1, 6), rng.randint(1, 6)
        grid = ["".join("#" if rng.random() < 0.3 else "." for _ in range(cols)) for _ in range(rows)]
        start = (rng.randrange(rows), rng.randrange(cols))
        goal = (rng.randrange(rows), rng.randrange(cols))
        assert grid_distance(grid, start, goal) == oracle(grid, start, goal)

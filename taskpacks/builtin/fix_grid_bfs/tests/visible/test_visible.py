from solution import grid_distance


def test_simple_path():
    grid = ["...",
            ".#.",
            "..."]
    assert grid_distance(grid, (0, 0), (2, 2)) == 4


def test_blocked():
    grid = [".#.",
            "###",
            "..."]
    assert grid_distance(grid, (0, 0), (2, 2)) == -1

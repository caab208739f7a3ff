from solution import flood_fill


def test_basic():
    grid = [[1, 1, 0], [1, 0, 0], [1, 0, 1]]
    assert flood_fill(grid, 0, 0, 2) == [[2, 2, 0], [2, 0, 0], [2, 0, 1]]


def test_no_diagonal():
    grid = [[1, 0], [0, 1]]
    assert flood_fill(grid, 0, 0, 5) == [[5, 0], [0, 1]]

from solution import life_step


def test_blinker():
    grid = [[0, 0, 0], [1, 1, 1], [0, 0, 0]]
    assert life_step(grid) == [[0, 1, 0], [0, 1, 0], [0, 1, 0]]


def test_block_still_life():
    grid = [[1, 1], [1, 1]]
    assert life_step(grid) == [[1, 1], [1, 1]]

from solution import shortest_path


def test_path():
    g = {1: {2}, 2: {1, 3}, 3: {2}}
    assert shortest_path(g, 1, 3) == [1, 2, 3]

from solution import rotate


def test_once():
    assert rotate([[1, 2, 3], [4, 5, 6]]) == [[4, 1], [5, 2], [6, 3]]


def test_square_twice():
    assert rotate([[1, 2], [3, 4]], 2) == [[4, 3], [2, 1]]

from solution import bisect_left, index_of


def test_middle():
    assert bisect_left([1, 3, 5, 7], 4) == 2


def test_index_of():
    assert index_of([1, 2, 2, 3], 2) == 1

from solution import merge_intervals


def test_example():
    assert merge_intervals([(8, 10), (1, 3), (2, 6)]) == [(1, 6), (8, 10)]


def test_empty():
    assert merge_intervals([]) == []

from solution import second_largest


def test_example():
    assert second_largest([3, 1, 4, 4]) == 3


def test_all_equal():
    assert second_largest([5, 5]) is None

from solution import window_max


def test_example():
    assert window_max([1, 3, -1, -3, 5, 3, 6, 7], 3) == [3, 3, 5, 5, 6, 7]


def test_k_one():
    assert window_max([4, 2, 9], 1) == [4, 2, 9]

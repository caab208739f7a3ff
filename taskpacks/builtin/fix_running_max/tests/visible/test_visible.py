from solution import running_max


def test_example():
    assert running_max([1, 3, 2, 5, 4]) == [1, 3, 3, 5, 5]


def test_empty():
    assert running_max([]) == []

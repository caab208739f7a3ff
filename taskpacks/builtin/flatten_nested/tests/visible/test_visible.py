from solution import flatten


def test_example():
    assert flatten([1, [2, (3, [4])], [], "ab"]) == [1, 2, 3, 4, "ab"]


def test_already_flat():
    assert flatten([1, 2, 3]) == [1, 2, 3]

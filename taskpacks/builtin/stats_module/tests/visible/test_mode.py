from solution import mode


def test_mode():
    assert mode([1, 2, 2, 3]) == 2

from solution import components


def test_two_components():
    g = {1: {2}, 2: {1}, 3: set()}
    assert components(g) == [{1, 2}, {3}]

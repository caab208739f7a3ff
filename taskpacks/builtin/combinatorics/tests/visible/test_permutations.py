from solution import permutations


def test_small():
    assert list(permutations([1, 2, 3])) == [
        (1, 2, 3), (1, 3, 2), (2, 1, 3), (2, 3, 1), (3, 1, 2), (3, 2, 1)]

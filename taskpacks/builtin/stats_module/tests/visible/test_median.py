from solution import median


def test_median_odd():
    assert median([5, 1, 3]) == 3

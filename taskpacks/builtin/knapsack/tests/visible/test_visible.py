from solution import knapsack


def test_classic():
    items = [(1, 1), (3, 4), (4, 5), (5, 7)]
    value, chosen = knapsack(items, 7)
    assert value == 9 and chosen == [1, 2]


def test_nothing_fits():
    assert knapsack([(5, 10)], 4) == (0, [])

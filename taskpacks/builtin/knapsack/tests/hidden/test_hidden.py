import itertools
import random

import pytest

from solution import knapsack


def brute(items, capacity):
    best = 0
    for r in range(len(items) + 1):
        for combo in itertools.combinations(range(len(items)), r):
            if sum(items[i][0] for i in combo) <= capacity:
                best = max(best, sum(items[i][1] for i in combo))
    return best


def check(items, capacity, result, expected):
    value, chosen = result
    assert value == expected
    assert chosen == sorted(set(chosen))
    assert all(0 <= i < len(items) for i in chosen)
    assert sum(items[i][0] for i in chosen) <= capacity
    assert sum(items[i][1] for i in chosen) == value


def test_empty_and_zero_capacity():
    assert knapsack([], 10) == (0, [])
    value, chosen = knapsack([(1, 5), (0, 3)], 0)
    assert value == 3 and chosen == [1]


def test_errors():
    with pytest.raises(ValueError):
        knapsack([(1, 1)], -1)
    with pytest.raises(ValueError):
        knapsack([(-1, 1)], 5)
    with pytest.raises(ValueError):
        knapsack([(1, -1)], 5)


def test_greedy_by_ratio_fails():
    items = [(6, 30), (3, 14), (4, 16), (2, 9)]
    check(items, 10, knapsack(items, 10), 46)


def test_each_item_once():
    items = [(1, 10)]
    assert knapsack(items, 5) == (10, [0])


def test_exact_fill():
    items = [(5, 10), (4, 40), (6, 30), (3, 50)]
    check(items, 10, knapsack(items, 10), 90)


def test_large_instance_fast():
    rng = random.Random(99)
    items = [(rng.randint(1, 100), rng.randint(1, 100)) for _ in range(100)]
    value, chosen = knapsack(items, 2000)
    assert sum(items[i][0] for i in chosen) <= 2000
    assert sum(items[i][1] for i in chosen) == value
    assert value >= sum(v for w, v in items if w <= 20)


def test_random_against_brute_force():
    rng = random.Random(1234)
    for _ in range(150):
        items = [(rng.randint(0, 12), rng.randint(0, 20)) for _ in range(rng.randint(0, 9))]
        capacity = rng.randint(0, 30)
        check(items, capacity, knapsack(items, capacity), brute(items, capacity))

import random

from solution import heapify

CODEGYM_IN_PLACE = True  # the functions under test change their list/dict arguments in place


def is_heap(h):
    return all(h[(i - 1) // 2] <= h[i] for i in range(1, len(h)))


def test_empty_and_single():
    items = []
    heapify(items)
    assert items == []
    items = [3]
    heapify(items)
    assert items == [3]


def test_in_place_same_list():
    items = [5, 4, 3, 2, 1]
    same = items
    result = heapify(items)
    assert result is None and same is items
    assert is_heap(items) and sorted(items) == [1, 2, 3, 4, 5]


def test_large_linear_time():
    items = list(range(100_000, 0, -1))
    heapify(items)
    assert items[0] == 1 and is_heap(items)


def test_random_lists():
    rng = random.Random(1234)
    for _ in range(200):
        items = [rng.randint(-20, 20) for _ in range(rng.randint(0, 50))]
        original = sorted(items)
        heapify(items)
        assert is_heap(items)
        assert sorted(items) == original

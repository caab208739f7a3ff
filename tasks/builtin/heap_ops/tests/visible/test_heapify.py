from solution import heapify


def test_heapify_root():
    items = [9, 4, 7, 1]
    heapify(items)
    assert items[0] == 1

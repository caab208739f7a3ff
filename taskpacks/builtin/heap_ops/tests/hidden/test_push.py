import pathlib
import random

import solution
from solution import heap_push

CODEGYM_IN_PLACE = True  # the functions under test change their list/dict arguments in place


def is_heap(h):
    return all(h[(i - 1) // 2] <= h[i] for i in range(1, len(h)))


def test_no_heapq():
    assert "heapq" not in pathlib.Path(solution.__file__).read_text()


def test_push_keeps_invariant_descending():
    heap = []
    for x in range(50, 0, -1):
        heap_push(heap, x)
        assert is_heap(heap)
    assert sorted(heap) == list(range(1, 51))


def test_push_duplicates_and_strings():
    heap = []
    for x in ["b", "a", "b", "a", "c"]:
        heap_push(heap, x)
    assert is_heap(heap) and heap[0] == "a" and sorted(heap) == ["a", "a", "b", "b", "c"]


def test_push_many_fast():
    heap = []
    for x in range(1_500, 0, -1):
        heap_push(heap, x)
    assert heap[0] == 1 and is_heap(heap)


def test_random_pushes():
    rng = random.Random(1234)
    for _ in range(100):
        heap, items = [], [rng.randint(-50, 50) for _ in range(rng.randint(0, 40))]
        for x in items:
            heap_push(heap, x)
            assert is_heap(heap)
        assert sorted(heap) == sorted(items)

import heapq
import random

import pytest

from solution import heap_pop

CODEGYM_IN_PLACE = True  # the functions under test change their list/dict arguments in place


def is_heap(h):
    return all(h[(i - 1) // 2] <= h[i] for i in range(1, len(h)))


def test_empty_raises():
    with pytest.raises(IndexError):
        heap_pop([])


def test_single():
    heap = [42]
    assert heap_pop(heap) == 42 and heap == []


def test_pop_keeps_invariant():
    heap = list(range(100))
    for _ in range(100):
        expected = heap[0]
        assert heap_pop(heap) == expected
        assert is_heap(heap)


def test_duplicates():
    heap = [1, 1, 2, 1, 3]
    assert [heap_pop(heap) for _ in range(5)] == [1, 1, 1, 2, 3]


def test_random_heapsort():
    rng = random.Random(1234)
    for _ in range(150):
        items = [rng.randint(-30, 30) for _ in range(rng.randint(1, 40))]
        heap = list(items)
        heapq.heapify(heap)  # build a valid input heap with the reference module
        out = []
        for _ in range(len(items)):
            out.append(heap_pop(heap))
            assert is_heap(heap)
        assert out == sorted(items) and heap == []

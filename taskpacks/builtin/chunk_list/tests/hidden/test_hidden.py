import random

import pytest

from solution import chunk_list


def test_empty():
    assert chunk_list([], 3) == []
    assert chunk_list([], 3, pad=0) == []


def test_exact_multiple_no_padding_needed():
    assert chunk_list([1, 2, 3, 4], 2, pad=9) == [[1, 2], [3, 4]]


def test_size_larger_than_list():
    assert chunk_list([1, 2], 5) == [[1, 2]]
    assert chunk_list([1, 2], 4, pad="x") == [[1, 2, "x", "x"]]


def test_pad_none_is_a_real_pad():
    assert chunk_list([1], 3, pad=None) == [[1, None, None]]


def test_size_one():
    assert chunk_list(["a", "b"], 1) == [["a"], ["b"]]


def test_invalid_sizes():
    for bad in (0, -1, 2.0, "2", True, None):
        with pytest.raises(ValueError):
            chunk_list([1, 2, 3], bad)


def test_returns_new_lists():
    items = [1, 2, 3]
    chunks = chunk_list(items, 3)
    assert chunks == [[1, 2, 3]]
    chunks[0].append(4)
    assert items == [1, 2, 3]


def test_random_invariants():
    rng = random.Random(1234)
    for _ in range(300):
        items = [rng.randint(0, 9) for _ in range(rng.randint(0, 25))]
        size = rng.randint(1, 7)
        chunks = chunk_list(items, size)
        assert [x for c in chunks for x in c] == items
        assert all(len(c) == size for c in chunks[:-1])
        assert len(chunks) == (len(items) + size - 1) // size
        padded = chunk_list(items, size, pad=-1)
        assert all(len(c) == size for c in padded)
        assert [x for c in padded for x in c][: len(items)] == items

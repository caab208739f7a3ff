import itertools
import random

from solution import unique_permutations

CODEGYM_IN_PLACE = True  # argument changes are written back: the tests check inputs stay unchanged


def test_empty_and_single():
    assert list(unique_permutations([])) == [()]
    assert list(unique_permutations([7])) == [(7,)]


def test_all_equal():
    assert list(unique_permutations([2, 2, 2])) == [(2, 2, 2)]


def test_unsorted_input_and_not_modified():
    items = [3, 1, 2]
    assert list(unique_permutations(items)) == sorted(itertools.permutations([1, 2, 3]))
    assert items == [3, 1, 2]


def test_lazy_on_large_input():
    it = unique_permutations(list(range(12, 0, -1)))
    assert next(iter(it)) == tuple(range(1, 13))
    second = next(it)
    assert second == tuple(range(1, 11)) + (12, 11)


def test_random_against_set_of_itertools():
    rng = random.Random(1234)
    for _ in range(100):
        items = [rng.randint(0, 3) for _ in range(rng.randint(0, 7))]
        expected = sorted(set(itertools.permutations(items)))
        assert list(unique_permutations(items)) == expected

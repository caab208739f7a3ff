import functools
import random

import pytest

from solution import closest_matches, edit_distance


def lev(a, b):
    @functools.lru_cache(maxsize=None)
    def go(i, j):
        if i == len(a):
            return len(b) - j
        if j == len(b):
            return len(a) - i
        return min(go(i + 1, j) + 1, go(i, j + 1) + 1, go(i + 1, j + 1) + (a[i] != b[j]))
    return go(0, 0)


def osa(a, b):
    @functools.lru_cache(maxsize=None)
    def go(i, j):  # distance between a[:i] and b[:j]
        if i == 0:
            return j
        if j == 0:
            return i
        best = min(go(i - 1, j) + 1, go(i, j - 1) + 1, go(i - 1, j - 1) + (a[i - 1] != b[j - 1]))
        if i > 1 and j > 1 and a[i - 1] == b[j - 2] and a[i - 2] == b[j - 1]:
            best = min(best, go(i - 2, j - 2) + 1)
        return best
    return go(len(a), len(b))


def test_empty_strings():
    assert edit_distance("", "") == 0
    assert edit_distance("", "abc") == 3
    assert edit_distance("abc", "") == 3


def test_transpositions():
    assert edit_distance("ab", "ba") == 2
    assert edit_distance("ab", "ba", transpositions=True) == 1
    assert edit_distance("ca", "abc", transpositions=True) == 3
    assert edit_distance("abcdef", "badcfe", transpositions=True) == 3


def test_case_and_unicode():
    assert edit_distance("A", "a") == 1
    assert edit_distance("café", "cafe") == 1


def test_long_strings_fast():
    a = "ab" * 150
    b = "ba" * 150
    assert edit_distance(a, b) == 2
    assert edit_distance(a, b, transpositions=True) == 2
    assert edit_distance("x" * 300, "y" * 300) == 300


def test_closest_matches_details():
    cands = ["bat", "cat", "cat", "hat", "cart", "dog", ""]
    assert closest_matches("cat", cands, 1) == ["cat", "bat", "cart", "hat"]
    assert closest_matches("cat", cands, 0) == ["cat"]
    assert closest_matches("", ["", "a", "ab"], 1) == ["", "a"]
    assert closest_matches("x", [], 3) == []
    with pytest.raises(ValueError):
        closest_matches("x", ["x"], -1)


def test_random_against_recursive():
    rng = random.Random(1234)
    for _ in range(400):
        a = "".join(rng.choice("abc") for _ in range(rng.randint(0, 7)))
        b = "".join(rng.choice("abc") for _ in range(rng.randint(0, 7)))
        assert edit_distance(a, b) == lev(a, b)
        assert edit_distance(a, b, transpositions=True) == osa(a, b)
        assert edit_distance(a, b) == edit_distance(b, a)

import ast
import itertools
import pathlib
import random

import pytest

import solution
from solution import permutations


def test_no_itertools_import():
    tree = ast.parse(pathlib.Path(solution.__file__).read_text())
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            assert all(a.name.split(".")[0] != "itertools" for a in node.names)
        elif isinstance(node, ast.ImportFrom):
            assert (node.module or "").split(".")[0] != "itertools"


def test_r_values():
    assert list(permutations("abc", 0)) == [()]
    assert list(permutations("abc", 4)) == []
    assert list(permutations([], None)) == [()]
    assert list(permutations("abc", 1)) == [("a",), ("b",), ("c",)]


def test_negative_r():
    with pytest.raises(ValueError):
        list(permutations("abc", -1))


def test_duplicates_treated_as_distinct():
    assert list(permutations([1, 1])) == [(1, 1), (1, 1)]


def test_lazy():
    it = permutations(range(12))
    assert next(iter(it)) == tuple(range(12))


def test_random_against_itertools():
    rng = random.Random(1234)
    for _ in range(60):
        items = [rng.randint(0, 5) for _ in range(rng.randint(0, 5))]
        r = rng.choice([None, 0, 1, 2, 3, 6])
        assert list(permutations(items, r)) == list(itertools.permutations(items, r))

import random

import pytest

from solution import add_edge

CODEGYM_IN_PLACE = True  # the functions under test change their list/dict arguments in place


def test_existing_nodes_and_duplicates():
    g = {1: set(), 2: {3}, 3: {2}}
    add_edge(g, 1, 2)
    add_edge(g, 2, 1)
    assert g == {1: {2}, 2: {1, 3}, 3: {2}}


def test_self_loop_rejected_unchanged():
    g = {"a": set()}
    with pytest.raises(ValueError):
        add_edge(g, "a", "a")
    with pytest.raises(ValueError):
        add_edge(g, "z", "z")
    assert g == {"a": set()}


def test_returns_none_in_place():
    g = {}
    assert add_edge(g, "x", "y") is None
    assert g == {"x": {"y"}, "y": {"x"}}


def test_random_symmetric():
    rng = random.Random(1234)
    g, edges = {}, set()
    for _ in range(500):
        u, v = rng.randrange(30), rng.randrange(30)
        if u == v:
            continue
        add_edge(g, u, v)
        edges.add(frozenset((u, v)))
    assert {frozenset((u, v)) for u in g for v in g[u]} == edges
    assert all(u in g[v] for u in g for v in g[u])

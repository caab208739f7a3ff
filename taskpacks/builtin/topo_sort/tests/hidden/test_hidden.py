import random

import pytest

from solution import CycleError, topo_sort

CODEGYM_IN_PLACE = True  # argument changes are written back: the tests check inputs stay unchanged


def has_cycle(nodes, edges):
    color = {n: 0 for n in nodes}

    def dfs(u):
        color[u] = 1
        for a, b in edges:
            if a == u:
                if color[b] == 1 or (color[b] == 0 and dfs(b)):
                    return True
        color[u] = 2
        return False

    return any(color[n] == 0 and dfs(n) for n in nodes)


def oracle(nodes, edges):
    remaining = set(nodes)
    order = []
    while remaining:
        ready = [n for n in remaining if not any(a in remaining and b == n for a, b in edges)]
        n = min(ready)
        order.append(n)
        remaining.remove(n)
    return order


def test_empty():
    assert topo_sort({}) == []


def test_cycle_error_is_value_error():
    assert issubclass(CycleError, ValueError)
    with pytest.raises(CycleError):
        topo_sort({1: [2], 2: [3], 3: [1]})


def test_self_loop():
    with pytest.raises(CycleError):
        topo_sort({"a": ["a"]})


def test_nodes_only_in_lists_and_duplicates():
    assert topo_sort({5: [1, 1, 1], 3: [1]}) == [3, 5, 1]


def test_lexicographic_choice():
    graph = {"d": ["a"], "c": ["a"], "b": []}
    assert topo_sort(graph) == ["b", "c", "d", "a"]


def test_not_modified():
    graph = {1: [2, 2], 0: []}
    topo_sort(graph)
    assert graph == {1: [2, 2], 0: []}


def test_large_chain_fast():
    n = 10_000
    graph = {i: [i + 1, i + 2] for i in range(n)}
    graph[n] = []
    order = topo_sort(graph)
    assert order == list(range(n + 2))


def test_random_against_oracle():
    rng = random.Random(1234)
    for _ in range(200):
        n = rng.randint(1, 8)
        edges = set()
        for _ in range(rng.randint(0, 12)):
            a, b = rng.randrange(n), rng.randrange(n)
            if rng.random() < 0.85 and a >= b:
                a, b = b, a + (a == b)
                if b >= n:
                    continue
            edges.add((a, b))
        graph = {i: [b for a, b in sorted(edges) if a == i] for i in range(n) if rng.random() < 0.8}
        nodes = set(graph) | {b for vs in graph.values() for b in vs}
        used_edges = {(a, b) for a, vs in graph.items() for b in vs}
        if has_cycle(nodes, used_edges):
            with pytest.raises(CycleError):
                topo_sort(graph)
        else:
            assert topo_sort(graph) == oracle(nodes, used_edges)

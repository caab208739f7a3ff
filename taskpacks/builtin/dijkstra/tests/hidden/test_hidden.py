import math
import random

import pytest

from solution import all_distances, shortest_path


def bellman_ford(graph, source):
    dist = {source: 0}
    nodes = set(graph) | {v for es in graph.values() for v, _ in es} | {source}
    for _ in range(len(nodes)):
        for u, es in graph.items():
            if u in dist:
                for v, w in es:
                    if v not in dist or dist[u] + w < dist[v]:
                        dist[v] = dist[u] + w
    return dist


def check_path(graph, source, target, result, expected_dist):
    dist, path = result
    assert math.isclose(dist, expected_dist)
    assert path[0] == source and path[-1] == target
    total = 0
    for u, v in zip(path, path[1:]):
        total += min(w for x, w in graph[u] if x == v)
    assert math.isclose(total, expected_dist)


def test_source_equals_target_and_absent_source():
    assert shortest_path({}, "x", "x") == (0, ["x"])
    assert all_distances({}, "x") == {"x": 0}
    assert shortest_path({"a": [("b", 1)]}, "z", "b") is None


def test_unreachable():
    g = {"a": [("b", 1)], "c": [("a", 1)]}
    assert shortest_path(g, "a", "c") is None
    assert all_distances(g, "a") == {"a": 0, "b": 1}


def test_negative_weight_rejected():
    g = {"a": [("b", 1)], "x": [("y", -1)]}
    with pytest.raises(ValueError):
        all_distances(g, "a")
    with pytest.raises(ValueError):
        shortest_path(g, "a", "b")


def test_parallel_edges_zero_weights_and_floats():
    g = {1: [(2, 5), (2, 2.5)], 2: [(3, 0)], 3: [(1, 0)]}
    assert all_distances(g, 1) == {1: 0, 2: 2.5, 3: 2.5}
    check_path(g, 1, 3, shortest_path(g, 1, 3), 2.5)


def test_longer_path_with_fewer_weight():
    g = {"s": [("t", 10), ("a", 1)], "a": [("b", 1)], "b": [("t", 1)]}
    assert shortest_path(g, "s", "t") == (3, ["s", "a", "b", "t"])


def test_uncomparable_nodes():
    a, b, c = object(), object(), object()
    g = {a: [(b, 1), (c, 1)], b: [(c, 1)]}
    assert all_distances(g, a) == {a: 0, b: 1, c: 1}


def test_large_graph_fast():
    n = 8_000
    g = {i: [(i + 1, 1), ((i * 7 + 3) % n, 5)] for i in range(n)}
    dist = all_distances(g, 0)
    assert dist[n - 1] <= n - 1 and len(dist) >= n
    d, path = shortest_path(g, 0, n // 2)
    assert d == dist[n // 2] and path[0] == 0


def test_random_against_bellman_ford():
    rng = random.Random(1234)
    for _ in range(150):
        n = rng.randint(1, 8)
        g = {}
        for _ in range(rng.randint(0, 20)):
            u, v = rng.randrange(n), rng.randrange(n)
            g.setdefault(u, []).append((v, rng.randint(0, 9)))
        src = rng.randrange(n)
        expected = bellman_ford(g, src)
        assert all_distances(g, src) == expected
        tgt = rng.randrange(n)
        result = shortest_path(g, src, tgt)
        if tgt in expected:
            check_path(g, src, tgt, result, expected[tgt])
        else:
            assert result is None

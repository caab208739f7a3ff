import random
from collections import deque

import pytest

from solution import shortest_path

CODEGYM_IN_PLACE = True  # argument changes are written back: the tests check inputs stay unchanged


def bfs_dist(g, s):
    dist = {s: 0}
    q = deque([s])
    while q:
        u = q.popleft()
        for v in g[u]:
            if v not in dist:
                dist[v] = dist[u] + 1
                q.append(v)
    return dist


def valid_path(g, path, s, t):
    return path[0] == s and path[-1] == t and all(b in g[a] for a, b in zip(path, path[1:]))


def test_same_node_and_isolated():
    g = {1: set(), 2: set()}
    assert shortest_path(g, 1, 1) == [1]
    assert shortest_path(g, 1, 2) is None


def test_unknown_nodes():
    g = {1: {2}, 2: {1}}
    with pytest.raises(KeyError):
        shortest_path(g, 1, 9)
    with pytest.raises(KeyError):
        shortest_path(g, 9, 1)


def test_prefers_fewest_edges():
    g = {"a": {"b", "e"}, "b": {"a", "c"}, "c": {"b", "d"}, "d": {"c", "e"}, "e": {"a", "d"}}
    assert shortest_path(g, "a", "d") == ["a", "e", "d"]


def test_not_modified():
    g = {1: {2}, 2: {1, 3}, 3: {2}}
    shortest_path(g, 1, 3)
    assert g == {1: {2}, 2: {1, 3}, 3: {2}}


def test_long_path_fast():
    n = 30_000
    g = {i: set() for i in range(n)}
    for i in range(n - 1):
        g[i].add(i + 1)
        g[i + 1].add(i)
    path = shortest_path(g, 0, n - 1)
    assert path == list(range(n))


def test_random_against_bfs():
    rng = random.Random(1234)
    for _ in range(200):
        n = rng.randint(1, 10)
        g = {i: set() for i in range(n)}
        for _ in range(rng.randint(0, 15)):
            u, v = rng.randrange(n), rng.randrange(n)
            if u != v:
                g[u].add(v)
                g[v].add(u)
        s, t = rng.randrange(n), rng.randrange(n)
        dist = bfs_dist(g, s)
        path = shortest_path(g, s, t)
        if t in dist:
            assert len(path) == dist[t] + 1 and valid_path(g, path, s, t)
        else:
            assert path is None

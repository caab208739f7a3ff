import random

from solution import components

CODEGYM_IN_PLACE = True  # argument changes are written back: the tests check inputs stay unchanged


def test_empty():
    assert components({}) == []


def test_order_by_smallest_node():
    g = {9: {1}, 1: {9}, 5: set(), 3: {4}, 4: {3}}
    assert components(g) == [{1, 9}, {3, 4}, {5}]


def test_strings():
    g = {"b": {"c"}, "c": {"b"}, "a": set()}
    assert components(g) == [{"a"}, {"b", "c"}]


def test_not_modified():
    g = {1: {2}, 2: {1}}
    components(g)
    assert g == {1: {2}, 2: {1}}


def test_long_path_no_recursion_error():
    n = 30_000
    g = {i: set() for i in range(n)}
    for i in range(n - 1):
        g[i].add(i + 1)
        g[i + 1].add(i)
    result = components(g)
    assert len(result) == 1 and len(result[0]) == n


def test_random_against_labels():
    rng = random.Random(1234)
    for _ in range(200):
        n = rng.randint(1, 12)
        g = {i: set() for i in range(n)}
        label = list(range(n))
        for _ in range(rng.randint(0, 12)):
            u, v = rng.randrange(n), rng.randrange(n)
            if u != v:
                g[u].add(v)
                g[v].add(u)
                old, new = label[v], label[u]
                label = [new if x == old else x for x in label]
        groups = {}
        for node in range(n):
            groups.setdefault(label[node], set()).add(node)
        assert components(g) == sorted(groups.values(), key=min)

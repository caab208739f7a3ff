import random

import pytest

from solution import UnionFind


def test_empty():
    uf = UnionFind()
    assert len(uf) == 0 and uf.num_sets() == 0


def test_unknown_raises_keyerror():
    uf = UnionFind([1])
    with pytest.raises(KeyError):
        uf.find(2)
    with pytest.raises(KeyError):
        uf.connected(1, 2)
    with pytest.raises(KeyError):
        uf.set_size(99)


def test_union_adds_unknown_and_returns_false_when_same():
    uf = UnionFind()
    assert uf.union("x", "y") is True
    assert len(uf) == 2 and uf.num_sets() == 1
    assert uf.union("y", "x") is False
    assert uf.union("z", "z") is False
    assert len(uf) == 3 and uf.num_sets() == 2


def test_add_is_idempotent():
    uf = UnionFind([1, 2])
    uf.union(1, 2)
    uf.add(1)
    assert uf.connected(1, 2) and uf.num_sets() == 1 and len(uf) == 2


def test_find_consistent_representative():
    uf = UnionFind(range(6))
    uf.union(0, 1)
    uf.union(2, 3)
    uf.union(1, 3)
    reps = {uf.find(i) for i in range(4)}
    assert len(reps) == 1 and reps.pop() in {0, 1, 2, 3}
    assert uf.set_size(2) == 4 and uf.set_size(5) == 1


def test_mixed_hashables():
    uf = UnionFind([(1, 2), "s", frozenset({3})])
    uf.union((1, 2), frozenset({3}))
    assert uf.connected(frozenset({3}), (1, 2))
    assert not uf.connected("s", (1, 2))


def test_large_chain_fast():
    uf = UnionFind()
    n = 5_000
    for i in range(n - 1):
        uf.union(i, i + 1)
    assert uf.num_sets() == 1 and uf.set_size(0) == n
    for i in range(0, n, 7):
        assert uf.connected(0, i)


def test_random_against_labels():
    rng = random.Random(1234)
    for _ in range(30):
        n = rng.randint(1, 15)
        uf = UnionFind(range(n))
        label = list(range(n))
        for _ in range(40):
            a, b = rng.randrange(n), rng.randrange(n)
            merged = uf.union(a, b)
            assert merged == (label[a] != label[b])
            old, new = label[b], label[a]
            label = [new if x == old else x for x in label]
            assert uf.num_sets() == len(set(label))
            x, y = rng.randrange(n), rng.randrange(n)
            assert uf.connected(x, y) == (label[x] == label[y])
            assert uf.set_size(x) == label.count(label[x])
            assert label[uf.find(x)] == label[x]

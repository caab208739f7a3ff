from solution import UnionFind


def test_union_and_connected():
    uf = UnionFind([1, 2, 3])
    assert uf.union(1, 2) is True
    assert uf.connected(1, 2) is True
    assert uf.connected(1, 3) is False


def test_counts():
    uf = UnionFind("abc")
    uf.union("a", "b")
    assert uf.num_sets() == 2 and len(uf) == 3

from solution import topo_sort


def test_example():
    assert topo_sort({"b": ["a"], "c": []}) == ["b", "a", "c"]


def test_chain():
    assert topo_sort({1: [2], 2: [3]}) == [1, 2, 3]

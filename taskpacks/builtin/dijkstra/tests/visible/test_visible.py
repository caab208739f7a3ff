from solution import all_distances, shortest_path

GRAPH = {"a": [("b", 1), ("c", 4)], "b": [("c", 2), ("d", 5)], "c": [("d", 1)]}


def test_distances():
    assert all_distances(GRAPH, "a") == {"a": 0, "b": 1, "c": 3, "d": 4}


def test_path():
    assert shortest_path(GRAPH, "a", "d") == (4, ["a", "b", "c", "d"])

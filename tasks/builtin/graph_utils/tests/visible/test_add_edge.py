from solution import add_edge


def test_add_edge():
    g = {}
    add_edge(g, 1, 2)
    assert g == {1: {2}, 2: {1}}

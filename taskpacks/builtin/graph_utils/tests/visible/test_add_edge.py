from solution import add_edge

CODEGYM_IN_PLACE = True  # the functions under test change their list/dict arguments in place


def test_add_edge():
    g = {}
    add_edge(g, 1, 2)
    assert g == {1: {2}, 2: {1}}

from solution import decode


def test_examples():
    assert decode(b"i-3e") == -3
    assert decode(b"d3:cow3:mooe") == {b"cow": b"moo"}

from solution import decode


def test_decode():
    assert decode("010110", {"a": "0", "b": "10", "c": "11"}) == "abca"

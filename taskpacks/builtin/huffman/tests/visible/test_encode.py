from solution import encode


def test_encode():
    assert encode("abca", {"a": "0", "b": "10", "c": "11"}) == "010110"

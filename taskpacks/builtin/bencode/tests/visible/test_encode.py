from solution import encode


def test_examples():
    assert encode(42) == b"i42e"
    assert encode({"spam": ["a", 1]}) == b"d4:spaml1:ai1eee"

from solution import combinations


def test_small():
    assert list(combinations("abcd", 2)) == [
        ("a", "b"), ("a", "c"), ("a", "d"), ("b", "c"), ("b", "d"), ("c", "d")]

from solution import unique_permutations


def test_small():
    assert list(unique_permutations("aab")) == [("a", "a", "b"), ("a", "b", "a"), ("b", "a", "a")]

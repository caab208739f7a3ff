from solution import wrap


def test_basic():
    assert wrap("the quick brown fox", 10) == ["the quick", "brown fox"]


def test_empty():
    assert wrap("", 5) == []

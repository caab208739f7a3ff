from solution import Trie


def test_insert_contains():
    t = Trie(["apple", "app"])
    assert t.contains("app") and t.contains("apple")
    assert not t.contains("ap")


def test_starts_with():
    t = Trie(["car", "cat", "dog"])
    assert t.starts_with("ca") == ["car", "cat"]

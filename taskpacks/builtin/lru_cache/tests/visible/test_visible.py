from solution import LRUCache


def test_eviction():
    c = LRUCache(2)
    c.put("a", 1)
    c.put("b", 2)
    c.get("a")
    c.put("c", 3)
    assert "b" not in c
    assert c.get("a") == 1 and c.get("c") == 3


def test_default():
    c = LRUCache(1)
    assert c.get("missing", 42) == 42

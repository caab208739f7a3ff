import random

import pytest

from solution import LRUCache


def test_invalid_capacity():
    for cap in (0, -1):
        with pytest.raises(ValueError):
            LRUCache(cap)


def test_capacity_one():
    c = LRUCache(1)
    c.put(1, "x")
    c.put(2, "y")
    assert 1 not in c and c.get(2) == "y" and len(c) == 1


def test_update_refreshes_and_never_evicts():
    c = LRUCache(2)
    c.put("a", 1)
    c.put("b", 2)
    c.put("a", 10)
    assert len(c) == 2 and c.keys() == ["b", "a"]
    c.put("c", 3)
    assert c.keys() == ["a", "c"]
    assert c.get("a") == 10


def test_contains_does_not_touch_recency():
    c = LRUCache(2)
    c.put("a", 1)
    c.put("b", 2)
    assert "a" in c
    c.put("c", 3)
    assert "a" not in c and c.keys() == ["b", "c"]


def test_missing_get_no_effect_and_none_values():
    c = LRUCache(2)
    c.put("a", None)
    c.put("b", 2)
    assert c.get("zzz") is None
    assert c.keys() == ["a", "b"]
    assert c.get("a", "dflt") is None
    assert c.keys() == ["b", "a"]


def test_many_operations_fast():
    c = LRUCache(1000)
    for i in range(5_000):
        c.put(i, i)
        c.get(i - 500)
    assert len(c) == 1000


def test_random_against_list_oracle():
    rng = random.Random(1234)
    for _ in range(30):
        cap = rng.randint(1, 5)
        c, order, values = LRUCache(cap), [], {}
        for _ in range(200):
            key = rng.randint(0, 7)
            if rng.random() < 0.5:
                value = rng.randint(0, 99)
                c.put(key, value)
                if key in values:
                    order.remove(key)
                elif len(order) >= cap:
                    del values[order.pop(0)]
                order.append(key)
                values[key] = value
            else:
                got = c.get(key, -1)
                if key in values:
                    assert got == values[key]
                    order.remove(key)
                    order.append(key)
                else:
                    assert got == -1
            assert c.keys() == order
            assert len(c) == len(order)

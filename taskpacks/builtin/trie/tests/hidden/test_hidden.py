import random

from solution import Trie


def test_empty_trie():
    t = Trie()
    assert len(t) == 0
    assert t.count_prefix("") == 0
    assert t.starts_with("") == []
    assert t.remove("x") is False


def test_insert_return_values_and_len():
    t = Trie()
    assert t.insert("a") is True
    assert t.insert("a") is False
    assert t.insert("ab") is True
    assert len(t) == 2


def test_empty_string_word():
    t = Trie()
    assert not t.contains("")
    t.insert("")
    assert t.contains("") and len(t) == 1
    assert t.starts_with("") == [""]
    assert t.remove("") is True and not t.contains("")


def test_remove_keeps_prefix_words():
    t = Trie(["app", "apple", "apply"])
    assert t.remove("apple") is True
    assert t.contains("app") and t.contains("apply") and not t.contains("apple")
    assert t.remove("apple") is False
    assert t.remove("ap") is False
    assert t.remove("app") is True
    assert t.starts_with("a") == ["apply"]
    assert t.count_prefix("app") == 1


def test_count_prefix():
    t = Trie(["car", "cart", "cat", "dog"])
    assert t.count_prefix("ca") == 3
    assert t.count_prefix("cart") == 1
    assert t.count_prefix("carts") == 0
    assert t.count_prefix("") == 4


def test_unicode_and_order():
    t = Trie(["éa", "eb", "e", "ä"])
    assert t.starts_with("") == sorted(["éa", "eb", "e", "ä"])
    assert t.starts_with("e") == ["e", "eb"]


def test_many_words_fast():
    words = [f"w{i:06d}" for i in range(10_000)]
    t = Trie(words)
    assert len(t) == 10_000
    assert t.count_prefix("w00012") == 10
    assert t.starts_with("w00999") == [f"w00999{d}" for d in range(10)]


def test_random_against_set():
    rng = random.Random(1234)
    t, ref = Trie(), set()
    for _ in range(1500):
        word = "".join(rng.choice("abc") for _ in range(rng.randint(0, 4)))
        op = rng.random()
        if op < 0.45:
            assert t.insert(word) == (word not in ref)
            ref.add(word)
        elif op < 0.7:
            assert t.remove(word) == (word in ref)
            ref.discard(word)
        else:
            assert t.contains(word) == (word in ref)
            prefix = word[:2]
            expected = sorted(w for w in ref if w.startswith(prefix))
            assert t.starts_with(prefix) == expected
            assert t.count_prefix(prefix) == len(expected)
        assert len(t) == len(ref)

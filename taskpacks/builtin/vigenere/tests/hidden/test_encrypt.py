import random
import string

import pytest

from solution import encrypt


def oracle(text, key):
    out, i = [], 0
    for ch in text:
        if ch in string.ascii_letters:
            base = "a" if ch.islower() else "A"
            k = ord(key[i % len(key)].lower()) - 97
            out.append(chr((ord(ch) - ord(base) + k) % 26 + ord(base)))
            i += 1
        else:
            out.append(ch)
    return "".join(out)


def test_key_case_insensitive():
    assert encrypt("hello", "KEY") == encrypt("hello", "key") == "rijvs"


def test_non_letters_do_not_consume_key():
    assert encrypt("a a", "ab") == "a b"
    assert encrypt("é1z", "b") == "é1a"


def test_key_a_is_identity_and_empty_text():
    assert encrypt("Some Text", "aaa") == "Some Text"
    assert encrypt("", "key") == ""


@pytest.mark.parametrize("bad", ["", "ke y", "k3y", "clé", "-"])
def test_invalid_key(bad):
    with pytest.raises(ValueError):
        encrypt("text", bad)


def test_random_against_oracle():
    rng = random.Random(1234)
    for _ in range(300):
        text = "".join(rng.choice(string.ascii_letters + " ,.9é") for _ in range(rng.randint(0, 30)))
        key = "".join(rng.choice(string.ascii_letters) for _ in range(rng.randint(1, 6)))
        assert encrypt(text, key) == oracle(text, key)

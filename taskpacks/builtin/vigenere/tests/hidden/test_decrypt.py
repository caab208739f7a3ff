import random
import string

import pytest

from solution import decrypt


def oracle_encrypt(text, key):
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


def test_known_value():
    assert decrypt("rijvs", "Key") == "hello"


def test_wraps_backward():
    assert decrypt("a", "b") == "z"
    assert decrypt("A", "z") == "B"


def test_invalid_key():
    for bad in ("", "a1", " "):
        with pytest.raises(ValueError):
            decrypt("abc", bad)


def test_non_letters_unchanged():
    assert decrypt("12 -- ü", "xyz") == "12 -- ü"


def test_random_roundtrip():
    rng = random.Random(1234)
    for _ in range(300):
        text = "".join(rng.choice(string.ascii_letters + " !ß") for _ in range(rng.randint(0, 30)))
        key = "".join(rng.choice(string.ascii_letters) for _ in range(rng.randint(1, 6)))
        assert decrypt(oracle_encrypt(text, key), key) == text

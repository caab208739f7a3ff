import random

import pytest

from solution import encode

CODES = {"a": "0", "b": "10", "c": "110", "é": "111"}


def test_empty_text():
    assert encode("", CODES) == ""
    assert encode("", {}) == ""


def test_unicode_key():
    assert encode("éa", CODES) == "1110"


def test_missing_code():
    with pytest.raises(ValueError):
        encode("abd", CODES)
    with pytest.raises(ValueError):
        encode("a", {})


def test_random_concatenation():
    rng = random.Random(1234)
    for _ in range(300):
        text = "".join(rng.choice("abcé") for _ in range(rng.randint(0, 30)))
        assert encode(text, CODES) == "".join(CODES[c] for c in text)

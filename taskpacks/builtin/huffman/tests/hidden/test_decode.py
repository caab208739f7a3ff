import random

import pytest

from solution import decode

CODES = {"a": "0", "b": "10", "c": "110", "é": "111"}


def test_empty():
    assert decode("", CODES) == ""


@pytest.mark.parametrize("bits", ["1", "11", "0102", "01 0", "1x"])
def test_bad_bits(bits):
    with pytest.raises(ValueError):
        decode(bits, CODES)


def test_incomplete_table():
    codes = {"a": "00", "b": "01"}
    assert decode("0001", codes) == "ab"
    with pytest.raises(ValueError):
        decode("10", codes)


@pytest.mark.parametrize("table", [
    {"a": "0", "b": "01"}, {"a": "", "b": "1"}, {"a": "0", "b": "0"}, {"a": "02"},
    {"a": "10", "b": "1"},
])
def test_invalid_tables(table):
    with pytest.raises(ValueError):
        decode("0", table)


def test_long_input_fast():
    bits = "10" * 50_000 + "0" * 10_000
    assert decode(bits, CODES) == "b" * 50_000 + "a" * 10_000


def test_random_roundtrip():
    rng = random.Random(1234)
    for _ in range(300):
        text = "".join(rng.choice("abcé") for _ in range(rng.randint(0, 30)))
        bits = "".join(CODES[c] for c in text)
        assert decode(bits, CODES) == text

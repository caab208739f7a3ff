import random
import string

from solution import caesar


def oracle(text, shift):
    lo, up = string.ascii_lowercase, string.ascii_uppercase
    k = shift % 26
    table = str.maketrans(lo + up, lo[k:] + lo[:k] + up[k:] + up[:k])
    return text.translate(table)


def test_wraparound():
    assert caesar("xyz", 3) == "abc"
    assert caesar("XYZ", 3) == "ABC"


def test_zero_and_full_cycles():
    assert caesar("Same", 0) == "Same"
    assert caesar("Same", 26) == "Same"
    assert caesar("Same", -52) == "Same"


def test_large_shift():
    assert caesar("abc", 27) == "bcd"
    assert caesar("abc", 1000 * 26 + 2) == "cde"


def test_non_letters_untouched():
    assert caesar("123 !?-_", 5) == "123 !?-_"
    assert caesar("éßü Ωa", 1) == "éßü Ωb"


def test_empty():
    assert caesar("", 5) == ""


def test_roundtrip():
    text = "The Quick Brown Fox, 42!"
    assert caesar(caesar(text, 11), -11) == text


def test_random_against_oracle():
    rng = random.Random(1234)
    alphabet = string.ascii_letters + string.digits + " .,é"
    for _ in range(300):
        text = "".join(rng.choice(alphabet) for _ in range(rng.randint(0, 30)))
        shift = rng.randint(-100, 100)
        assert caesar(text, shift) == oracle(text, shift)

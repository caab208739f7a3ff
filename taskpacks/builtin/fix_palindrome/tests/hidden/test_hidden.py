import random

from solution import is_palindrome


def oracle(s):
    chars = [c.lower() for c in s if c.isalnum()]
    return chars == chars[::-1]


def test_empty_and_symbols_only():
    assert is_palindrome("") is True
    assert is_palindrome("!!, ?") is True


def test_digits_count():
    assert is_palindrome("12321") is True
    assert is_palindrome("1a2") is False
    assert is_palindrome("ab1ba") is True
    assert is_palindrome("ab12ba") is False


def test_case_insensitive():
    assert is_palindrome("RaceCar") is True
    assert is_palindrome("Noon") is True


def test_unicode_letters():
    assert is_palindrome("Ésé") is True
    assert is_palindrome("Ésa") is False
    assert is_palindrome("éTé") is True


def test_single_char():
    assert is_palindrome("x") is True
    assert is_palindrome("7") is True


def test_digits_with_punctuation():
    assert is_palindrome("1-2-2-1") is True
    assert is_palindrome("1-2-3-1") is False


def test_random_against_oracle():
    rng = random.Random(1234)
    for _ in range(400):
        half = "".join(rng.choice("aB1 2,") for _ in range(rng.randint(0, 6)))
        s = half + rng.choice(["", "x", "3"]) + half[::-1]
        if rng.random() < 0.5:
            s = "".join(rng.choice("ab12 .") for _ in range(rng.randint(0, 8)))
        assert is_palindrome(s) is oracle(s)

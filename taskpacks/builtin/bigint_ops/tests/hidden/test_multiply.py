import random

import pytest

from solution import multiply


def test_zero_never_negative():
    assert multiply("0", "-5") == "0"
    assert multiply("-123", "0") == "0"


def test_signs():
    assert multiply("-3", "-4") == "12"
    assert multiply("3", "-4") == "-12"
    assert multiply("1", "1") == "1"


def test_invalid():
    for bad in ("-0", "00", "1_000", "-"):
        with pytest.raises(ValueError):
            multiply(bad, "2")


def test_huge_times_small():
    n = 10_000
    assert multiply("1" + "0" * n, "-123") == "-123" + "0" * n
    assert multiply("9" * n, "9") == "8" + "9" * (n - 1) + "1"


def test_random_against_int():
    rng = random.Random(1234)
    for _ in range(300):
        a = rng.randint(-10 ** rng.randint(0, 30), 10 ** rng.randint(0, 30))
        b = rng.randint(-10 ** rng.randint(0, 30), 10 ** rng.randint(0, 30))
        assert multiply(str(a), str(b)) == str(a * b)

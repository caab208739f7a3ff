import random

import pytest

from solution import subtract


def test_signs_and_zero():
    assert subtract("5", "5") == "0"
    assert subtract("3", "5") == "-2"
    assert subtract("-3", "-5") == "2"
    assert subtract("-3", "5") == "-8"
    assert subtract("0", "0") == "0"
    assert subtract("0", "12") == "-12"


def test_borrow_chain():
    assert subtract("10000", "1") == "9999"
    assert subtract("1", "10000") == "-9999"


def test_invalid():
    for bad in ("-0", "01", "abc", ""):
        with pytest.raises(ValueError):
            subtract(bad, "1")


def test_huge_beyond_int_conversion_limit():
    n = 20_000
    assert subtract("1" + "0" * n, "1") == "9" * n
    assert subtract("5" * n, "5" * n) == "0"


def test_random_against_int():
    rng = random.Random(1234)
    for _ in range(500):
        a = rng.randint(-10 ** rng.randint(0, 40), 10 ** rng.randint(0, 40))
        b = rng.randint(-10 ** rng.randint(0, 40), 10 ** rng.randint(0, 40))
        assert subtract(str(a), str(b)) == str(a - b)

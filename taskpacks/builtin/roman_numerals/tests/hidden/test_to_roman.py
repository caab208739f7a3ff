import random

import pytest

from solution import to_roman

VALUES = {"I": 1, "V": 5, "X": 10, "L": 50, "C": 100, "D": 500, "M": 1000}


def decode(s):
    total = 0
    for i, ch in enumerate(s):
        v = VALUES[ch]
        total += -v if i + 1 < len(s) and v < VALUES[s[i + 1]] else v
    return total


def test_bounds():
    assert to_roman(1) == "I"
    assert to_roman(3999) == "MMMCMXCIX"


def test_subtractive_forms():
    assert [to_roman(n) for n in (4, 9, 40, 90, 400, 900)] == ["IV", "IX", "XL", "XC", "CD", "CM"]
    assert to_roman(14) == "XIV"
    assert to_roman(444) == "CDXLIV"
    assert to_roman(3888) == "MMMDCCCLXXXVIII"


def test_out_of_range():
    for n in (0, -1, 4000, 10 ** 6):
        with pytest.raises(ValueError):
            to_roman(n)


def test_all_values_decode_and_are_short():
    seen = set()
    for n in range(1, 4000):
        s = to_roman(n)
        assert decode(s) == n
        assert "IIII" not in s and "XXXX" not in s and "CCCC" not in s
        seen.add(s)
    assert len(seen) == 3999


def test_random_digits_structure():
    rng = random.Random(1234)
    ones = ["", "I", "II", "III", "IV", "V", "VI", "VII", "VIII", "IX"]
    tens = ["", "X", "XX", "XXX", "XL", "L", "LX", "LXX", "LXXX", "XC"]
    hundreds = ["", "C", "CC", "CCC", "CD", "D", "DC", "DCC", "DCCC", "CM"]
    for _ in range(300):
        n = rng.randint(1, 3999)
        expected = "M" * (n // 1000) + hundreds[n // 100 % 10] + tens[n // 10 % 10] + ones[n % 10]
        assert to_roman(n) == expected

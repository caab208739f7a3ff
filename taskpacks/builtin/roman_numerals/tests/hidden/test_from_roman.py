import random

import pytest

from solution import from_roman

ONES = ["", "I", "II", "III", "IV", "V", "VI", "VII", "VIII", "IX"]
TENS = ["", "X", "XX", "XXX", "XL", "L", "LX", "LXX", "LXXX", "XC"]
HUNDREDS = ["", "C", "CC", "CCC", "CD", "D", "DC", "DCC", "DCCC", "CM"]


def canonical(n):
    return "M" * (n // 1000) + HUNDREDS[n // 100 % 10] + TENS[n // 10 % 10] + ONES[n % 10]


def test_simple_values():
    assert from_roman("I") == 1
    assert from_roman("MMMCMXCIX") == 3999
    assert from_roman("XLII") == 42


@pytest.mark.parametrize("bad", [
    "", "iv", "IIII", "VV", "IC", "IM", "XM", "VX", "MMMM", "CMC", "IIV", " X", "X ",
    "A", "LL", "DD", "XCX", "IXI", "CDC", "MCMC",
])
def test_invalid(bad):
    with pytest.raises(ValueError):
        from_roman(bad)


def test_all_canonical_roundtrip():
    for n in range(1, 4000):
        assert from_roman(canonical(n)) == n


def test_random_mutations_rejected_or_canonical():
    rng = random.Random(1234)
    valid = {canonical(n): n for n in range(1, 4000)}
    for _ in range(2000):
        s = "".join(rng.choice("IVXLCDM") for _ in range(rng.randint(1, 6)))
        if s in valid:
            assert from_roman(s) == valid[s]
        else:
            with pytest.raises(ValueError):
                from_roman(s)

import random

import pytest

from solution import from_base, to_base


def test_zero():
    assert to_base(0, 2) == "0"
    assert to_base(0, 36) == "0"
    assert from_base("0", 10) == 0
    assert from_base("-0", 7) == 0


def test_base_36_and_case():
    assert to_base(35, 36) == "z"
    assert to_base(36, 36) == "10"
    assert from_base("Zz", 36) == 35 * 36 + 35
    assert from_base("FF", 16) == 255


def test_leading_zeros_allowed_in_parse():
    assert from_base("007", 8) == 7
    assert from_base("-0010", 2) == -2


@pytest.mark.parametrize("bad", ["", "-", "+5", " 12", "12 ", "1_0", "0x1f", "--1", "1-", "g"])
def test_invalid_strings(bad):
    with pytest.raises(ValueError):
        from_base(bad, 16)


def test_digit_out_of_range():
    with pytest.raises(ValueError):
        from_base("102", 2)
    with pytest.raises(ValueError):
        from_base("9", 9)


def test_invalid_base():
    for base in (0, 1, 37, -2):
        with pytest.raises(ValueError):
            to_base(10, base)
        with pytest.raises(ValueError):
            from_base("1", base)


def test_huge_numbers():
    n = 7 ** 500
    s = to_base(n, 7)
    assert s == "1" + "0" * 500
    assert from_base(s, 7) == n
    assert from_base(to_base(-n, 36), 36) == -n


def test_random_roundtrip_and_oracle():
    rng = random.Random(1234)
    for _ in range(500):
        base = rng.randint(2, 36)
        n = rng.randint(-10 ** 12, 10 ** 12)
        s = to_base(n, base)
        assert int(s, base) == n
        assert s == s.lower() and (s == "0" or s.lstrip("-")[0] != "0")
        assert from_base(s, base) == n
        assert from_base(s.upper(), base) == n

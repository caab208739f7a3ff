import random

import pytest

from solution import add


def test_zero_and_signs():
    assert add("0", "0") == "0"
    assert add("-7", "7") == "0"
    assert add("-7", "-8") == "-15"
    assert add("7", "-8") == "-1"
    assert add("0", "-3") == "-3"


@pytest.mark.parametrize("bad", ["", "-", "-0", "007", "+1", " 1", "1 ", "1.0", "1e5", "١"])
def test_invalid(bad):
    with pytest.raises(ValueError):
        add(bad, "1")
    with pytest.raises(ValueError):
        add("1", bad)


def test_huge_beyond_int_conversion_limit():
    n = 20_000
    assert add("9" * n, "1") == "1" + "0" * n
    assert add("-" + "1" + "0" * n, "1") == "-" + "9" * n


def test_random_against_int():
    rng = random.Random(1234)
    for _ in range(500):
        a = rng.randint(-10 ** rng.randint(0, 40), 10 ** rng.randint(0, 40))
        b = rng.randint(-10 ** rng.randint(0, 40), 10 ** rng.randint(0, 40))
        assert add(str(a), str(b)) == str(a + b)

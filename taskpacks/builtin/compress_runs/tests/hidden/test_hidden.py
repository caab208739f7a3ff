import itertools
import random

import pytest

from solution import compress_runs


def oracle(s):
    out = ""
    for ch, group in itertools.groupby(s):
        n = len(list(group))
        out += ch if n == 1 else ch + str(n)
    return out


def test_empty_and_single():
    assert compress_runs("") == ""
    assert compress_runs("x") == "x"
    assert compress_runs("xx") == "x2"


def test_long_runs_multi_digit():
    assert compress_runs("z" * 12) == "z12"
    assert compress_runs("a" * 100 + "b") == "a100b"


def test_non_adjacent_repeats_are_separate_runs():
    assert compress_runs("aabaa") == "a2ba2"


def test_spaces_punctuation_unicode():
    assert compress_runs("  !!é") == " 2!2é"
    assert compress_runs("ééé日日") == "é3日2"


def test_digits_rejected():
    with pytest.raises(ValueError):
        compress_runs("abc1")
    with pytest.raises(ValueError):
        compress_runs("٣")  # Arabic-Indic digit three


def test_case_sensitive():
    assert compress_runs("aAaa") == "aAa2"


def test_random_against_oracle():
    rng = random.Random(1234)
    for _ in range(300):
        s = "".join(rng.choice("ab c-é") * rng.randint(1, 12) for _ in range(rng.randint(0, 8)))
        assert compress_runs(s) == oracle(s)

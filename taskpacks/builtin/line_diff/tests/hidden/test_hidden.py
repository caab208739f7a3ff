import random

import pytest

from solution import apply_diff, diff_lines


def lcs_len(a, b):
    prev = [0] * (len(b) + 1)
    for x in a:
        cur = [0]
        for j, y in enumerate(b):
            cur.append(prev[j] + 1 if x == y else max(prev[j + 1], cur[j]))
        prev = cur
    return prev[-1]


def check(a, b, script):
    assert all(tag in (" ", "-", "+") for tag, _ in script)
    assert [l for t, l in script if t != "+"] == a
    assert [l for t, l in script if t != "-"] == b
    assert sum(1 for t, _ in script if t == " ") == lcs_len(a, b)


def test_empty_sides():
    assert diff_lines([], []) == []
    assert diff_lines([], ["a", "b"]) == [("+", "a"), ("+", "b")]
    assert diff_lines(["a"], []) == [("-", "a")]


def test_classic_lcs_case():
    a = list("ABCABBA")
    b = list("CBABAC")
    check(a, b, diff_lines(a, b))


def test_duplicates_and_moves():
    a = ["x", "y", "x", "y"]
    b = ["y", "x", "y", "x"]
    check(a, b, diff_lines(a, b))


def test_large_with_small_change_fast():
    a = [f"line {i}" for i in range(10_000)]
    b = a[:5000] + ["new 1", "new 2"] + a[5003:]
    script = diff_lines(a, b)
    check(a[4990:5010], b[4990:5009], script[4990:5012])
    assert [l for t, l in script if t != "+"] == a
    assert [l for t, l in script if t != "-"] == b
    assert sum(1 for t, _ in script if t != " ") == 5


def test_large_middle_region():
    rng = random.Random(5)
    common = [f"c{i}" for i in range(3000)]
    mid_a = [rng.choice("abcdef") for _ in range(250)]
    mid_b = [rng.choice("abcdef") for _ in range(250)]
    a, b = common + mid_a + common, common + mid_b + common
    script = diff_lines(a, b)
    assert sum(1 for t, _ in script if t == " ") == 6000 + lcs_len(mid_a, mid_b)
    assert apply_diff(a, script) == b


def test_apply_diff_errors():
    a = ["a", "b"]
    with pytest.raises(ValueError):
        apply_diff(a, [(" ", "a"), (" ", "x")])
    with pytest.raises(ValueError):
        apply_diff(a, [(" ", "a")])
    with pytest.raises(ValueError):
        apply_diff(a, [(" ", "a"), ("-", "b"), ("-", "c")])
    with pytest.raises(ValueError):
        apply_diff(a, [("?", "a"), (" ", "b")])
    assert apply_diff([], [("+", "z")]) == ["z"]


def test_random_against_lcs():
    rng = random.Random(1234)
    for _ in range(300):
        a = [rng.choice("abc") for _ in range(rng.randint(0, 10))]
        b = [rng.choice("abc") for _ in range(rng.randint(0, 10))]
        script = diff_lines(a, b)
        check(a, b, script)
        assert apply_diff(a, script) == b

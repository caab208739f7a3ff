from solution import apply_diff, diff_lines


def test_small_diff():
    a = ["a", "b", "c"]
    b = ["a", "x", "c"]
    script = diff_lines(a, b)
    assert sorted(script) == sorted([(" ", "a"), ("-", "b"), ("+", "x"), (" ", "c")])
    assert apply_diff(a, script) == b


def test_identical():
    assert diff_lines(["x"], ["x"]) == [(" ", "x")]

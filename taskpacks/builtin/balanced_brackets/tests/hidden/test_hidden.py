import random

from solution import first_error, is_balanced


def oracle(s):
    stack = []
    for i, ch in enumerate(s):
        if ch in "([{":
            stack.append((ch, i))
        elif ch in ")]}":
            want = {")": "(", "]": "[", "}": "{"}[ch]
            if not stack or stack[-1][0] != want:
                return i
            stack.pop()
    return stack[0][1] if stack else -1


def test_empty_and_no_brackets():
    assert first_error("") == -1
    assert is_balanced("") is True
    assert is_balanced("hello world") is True


def test_unmatched_closer():
    assert first_error("x)") == 1
    assert first_error("()]") == 2
    assert is_balanced("}") is False


def test_unclosed_opener_leftmost():
    assert first_error("(()[") == 0
    assert first_error("()(") == 2
    assert first_error("a{b(c)") == 1


def test_crossed_pairs():
    assert first_error("([)]") == 2
    assert is_balanced("([)]") is False


def test_nested_all_kinds():
    assert is_balanced("{[()()]}([]{})") is True


def test_deep_and_long():
    s = "(" * 50_000 + ")" * 50_000
    assert is_balanced(s) is True
    assert first_error(s + ")") == 100_000
    assert first_error("[" + s) == 0


def test_random_against_oracle():
    rng = random.Random(1234)
    for _ in range(500):
        s = "".join(rng.choice("()[]{}x") for _ in range(rng.randint(0, 14)))
        expected = oracle(s)
        assert first_error(s) == expected
        assert is_balanced(s) is (expected == -1)

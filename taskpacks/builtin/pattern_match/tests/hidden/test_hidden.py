import ast
import pathlib
import random
import re

import pytest

import solution
from solution import matches


def test_no_re_import():
    tree = ast.parse(pathlib.Path(solution.__file__).read_text())
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            assert all(a.name.split(".")[0] != "re" for a in node.names)
        elif isinstance(node, ast.ImportFrom):
            assert (node.module or "").split(".")[0] != "re"


def test_empty_cases():
    assert matches("", "") is True
    assert matches("", "a") is False
    assert matches("a*", "") is True
    assert matches("a?", "") is True
    assert matches("a+", "") is False


def test_whole_text_required():
    assert matches("abc", "abcd") is False
    assert matches("bc", "abc") is False


def test_escapes():
    assert matches(r"a\*", "a*") is True
    assert matches(r"a\*", "aa") is False
    assert matches(r"\.+", "...") is True
    assert matches(r"\.+", "..x") is False
    assert matches(r"\\", "\\") is True
    assert matches(r"\a", "a") is True


def test_dot_matches_newline():
    assert matches("a.b", "a\nb") is True


@pytest.mark.parametrize("bad", ["*a", "+", "?", "a**", "a+?", "a*+", "ab\\", "\\"])
def test_invalid_patterns(bad):
    with pytest.raises(ValueError):
        matches(bad, "a")


def test_adversarial_fast():
    assert matches("a*" * 8 + "b", "a" * 200) is False
    assert matches("a?" * 100 + "a" * 100, "a" * 100) is True
    assert matches(".*" * 20 + "x", "y" * 300) is False


def to_re(pattern):
    out, i = [], 0
    while i < len(pattern):
        ch = pattern[i]
        if ch == "\\":
            out.append(re.escape(pattern[i + 1]))
            i += 2
        elif ch == ".":
            out.append(".")
            i += 1
        elif ch in "*+?":
            out.append(ch)
            i += 1
        else:
            out.append(re.escape(ch))
            i += 1
    return "".join(out)


def test_random_against_re():
    rng = random.Random(1234)
    for _ in range(1500):
        parts = []
        for _ in range(rng.randint(0, 5)):
            atom = rng.choice(["a", "b", ".", "\\*", "\\."])
            parts.append(atom + rng.choice(["", "", "*", "+", "?"]))
        pattern = "".join(parts)
        text = "".join(rng.choice("ab*.") for _ in range(rng.randint(0, 6)))
        expected = re.fullmatch(to_re(pattern), text, re.DOTALL) is not None
        assert matches(pattern, text) is expected, (pattern, text)

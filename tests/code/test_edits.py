"""Tests for codegym.code.edits (real tree-sitter)."""

from __future__ import annotations

import pytest

from codegym.code import find_symbol, insert_lines, is_valid, outline, replace_lines, replace_symbol, search
from codegym.errors import ActionError, ConfigError

SOURCE = '''import math


class Stack:
    """A stack."""

    def __init__(self):
        self.items = []

    @staticmethod
    def helper(x):
        return x

    def push(self, x):
        self.items.append(x)
        return None


def area(r):
    return math.pi * r ** 2
'''


# ---------------------------------------------------------------- replace/insert lines


def test_replace_lines_replaces_an_inclusive_range() -> None:
    assert replace_lines("a\nb\nc\nd\n", 2, 3, "X\nY\nZ") == "a\nX\nY\nZ\nd\n"
    assert replace_lines("a\nb\nc\n", 1, 1, "A\n") == "A\nb\nc\n"


def test_replace_lines_with_empty_text_deletes() -> None:
    assert replace_lines("a\nb\nc\n", 2, 2, "") == "a\nc\n"
    assert replace_lines("a\nb\nc\n", 1, 3, "") == ""


def test_replace_last_line_keeps_missing_final_newline() -> None:
    assert replace_lines("a\nb", 2, 2, "B") == "a\nB"
    assert replace_lines("a\nb\n", 2, 2, "B") == "a\nB\n"


@pytest.mark.parametrize(
    ("start", "end", "fragment"),
    [
        (0, 2, "valid lines are 1-3"),
        (2, 4, "the file has 3 lines, so valid lines are 1-3"),
        (3, 2, "start line 3 is after end line 2"),
        (-1, -1, "valid lines are 1-3"),
    ],
)
def test_replace_lines_rejects_bad_ranges(start: int, end: int, fragment: str) -> None:
    with pytest.raises(ActionError) as info:
        replace_lines("a\nb\nc\n", start, end, "x")
    assert fragment in str(info.value)


def test_replace_lines_errors_on_empty_file_and_non_integers() -> None:
    with pytest.raises(ActionError, match="empty.*insert_lines"):
        replace_lines("", 1, 1, "x")
    with pytest.raises(ActionError, match="start must be an integer"):
        replace_lines("a\n", "1", 1, "x")  # type: ignore[arg-type]
    with pytest.raises(ActionError, match="end must be an integer"):
        replace_lines("a\n", 1, True, "x")  # type: ignore[arg-type]
    with pytest.raises(ActionError, match="new_text must be a string"):
        replace_lines("a\n", 1, 1, None)  # type: ignore[arg-type]


def test_insert_lines() -> None:
    assert insert_lines("a\nc\n", 0, "top") == "top\na\nc\n"
    assert insert_lines("a\nc\n", 1, "b") == "a\nb\nc\n"
    assert insert_lines("a\nc\n", 2, "d\n") == "a\nc\nd\n"
    assert insert_lines("a", 1, "b") == "a\nb\n"
    assert insert_lines("", 0, "x") == "x\n"
    assert insert_lines("a\n", 1, "") == "a\n"


@pytest.mark.parametrize("after", [-1, 3, 10])
def test_insert_lines_rejects_bad_positions(after: int) -> None:
    with pytest.raises(ActionError, match="between 0 \\(top of file\\) and 2"):
        insert_lines("a\nb\n", after, "x")


# ---------------------------------------------------------------- symbols


def test_find_symbol() -> None:
    push = find_symbol(SOURCE, "Stack.push")
    assert (push.kind, push.start_line, push.end_line) == ("method", 14, 16)
    helper = find_symbol(SOURCE, "Stack.helper")
    assert helper.start_line == 10, "the range starts at the decorator"


def test_find_symbol_unknown_names_the_problem_and_the_options() -> None:
    with pytest.raises(ActionError) as info:
        find_symbol(SOURCE, "push")
    message = str(info.value)
    assert "no function, class or method named 'push'" in message
    assert "did you mean 'Stack.push'" in message
    assert "Stack.__init__" in message and "area" in message
    with pytest.raises(ActionError, match="defines none"):
        find_symbol("x = 1\n", "f")


def test_replace_symbol_reindents_an_unindented_method() -> None:
    new = replace_symbol(SOURCE, "Stack.push", "def push(self, x):\n    if x is None:\n        return\n    self.items.append(x)\n")
    assert "    def push(self, x):\n        if x is None:\n            return\n        self.items.append(x)\n" in new
    assert is_valid(new)
    assert [s.qualname for s in outline(new)] == [s.qualname for s in outline(SOURCE)]
    assert new.endswith("def area(r):\n    return math.pi * r ** 2\n")
    assert "return None" not in new


def test_replace_symbol_accepts_already_indented_text() -> None:
    text = "    def push(self, x):\n        self.items.insert(0, x)"
    new = replace_symbol(SOURCE, "Stack.push", text)
    assert "    def push(self, x):\n        self.items.insert(0, x)\n\n\ndef area" in new
    assert is_valid(new)


def test_replace_symbol_replaces_decorators_and_top_level_functions() -> None:
    new = replace_symbol(SOURCE, "Stack.helper", "@classmethod\ndef helper(cls, x):\n    return cls")
    assert "    @classmethod\n    def helper(cls, x):\n        return cls\n" in new
    assert "@staticmethod" not in new
    new = replace_symbol(new, "area", "def area(r):\n    return 3 * r * r\n")
    assert new.endswith("def area(r):\n    return 3 * r * r\n")
    assert is_valid(new)


def test_replace_symbol_of_a_nested_class_and_deletion() -> None:
    source = "class A:\n    class B:\n        def m(self):\n            return 1\n    x = 2\n"
    new = replace_symbol(source, "A.B.m", "def m(self):\n    return 3")
    assert new == "class A:\n    class B:\n        def m(self):\n            return 3\n    x = 2\n"
    assert replace_symbol(source, "A.B", "") == "class A:\n    x = 2\n"


def test_replace_symbol_unknown() -> None:
    with pytest.raises(ActionError, match="'Stack.pop'"):
        replace_symbol(SOURCE, "Stack.pop", "def pop(self):\n    pass\n")


# ---------------------------------------------------------------- search


def test_search_literal_and_regex() -> None:
    assert search(SOURCE, "self.items") == [
        (8, "        self.items = []"),
        (15, "        self.items.append(x)"),
    ]
    assert search(SOURCE, r"^\s*def (push|area)\b", regex=True) == [(14, "    def push(self, x):"), (19, "def area(r):")]
    assert search(SOURCE, "def (", regex=False) == []  # literal text, not a regex
    assert search("a\r\nb\r\n", "b") == [(2, "b")]
    assert search("a\n\nb\n", "^$", regex=True) == [(2, "")]  # no phantom line after the last newline


def test_search_max_hits() -> None:
    source = "x\n" * 100
    assert len(search(source, "x")) == 50
    assert search(source, "x", max_hits=3) == [(1, "x"), (2, "x"), (3, "x")]
    with pytest.raises(ConfigError, match="max_hits"):
        search(source, "x", max_hits=0)


def test_search_bad_regex_names_the_pattern() -> None:
    with pytest.raises(ActionError) as info:
        search(SOURCE, "def (push", regex=True)
    message = str(info.value)
    assert "invalid regular expression 'def (push'" in message
    assert "regex=False" in message
    with pytest.raises(ActionError, match="empty"):
        search(SOURCE, "")


def test_catastrophic_regex_is_refused_within_its_budget():
    import time

    from codegym.code.edits import SEARCH_SECONDS

    started = time.monotonic()
    with pytest.raises(ActionError, match="took longer than"):
        search("a" * 60 + "b\n", r"(a|aa)+$", regex=True)
    assert time.monotonic() - started < SEARCH_SECONDS + 1.5

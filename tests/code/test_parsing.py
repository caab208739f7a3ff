"""Tests for codegym.code.parsing (real tree-sitter)."""

from __future__ import annotations

import threading

import pytest

from codegym.code import SyntaxIssue, is_valid, parse, syntax_errors
from codegym.code.parsing import parse_edited
from codegym.errors import ConfigError


def test_valid_code_has_no_errors(realistic_source: str) -> None:
    assert syntax_errors(realistic_source) == []
    assert is_valid(realistic_source)
    assert parse(realistic_source).root_node.type == "module"


@pytest.mark.parametrize(
    ("source", "line"),
    [
        ("def f():\n    return 1\n\ndef g(a):\n    if a\n        return 2\n", 5),  # missing colon
        ("x = 1\ny = [1, 2\nz = 3\n", 2),  # unclosed bracket
        ("class A:\n    def m(self):\n        return self.x +\n", 3),  # dangling operator
        ("import os\n\n\nvalue = 1 +* 2\n", 4),
    ],
)
def test_syntax_error_is_on_the_right_line(source: str, line: int) -> None:
    issues = syntax_errors(source)
    assert issues, "expected a syntax error"
    assert issues[0].line == line
    assert not is_valid(source)


def test_columns_are_one_based_characters_not_bytes() -> None:
    line = '    s = "éé"; x = (1 +* 2)'
    issues = syntax_errors(f"def f():\n{line}\n")
    assert [(issue.line, issue.column) for issue in issues] == [(2, line.index("+*") + 1)]


def test_missing_node_is_reported_as_missing() -> None:
    assert [str(issue) for issue in syntax_errors("class A(B:\n    pass\n")] == ["line 1, column 10: missing ')'"]
    issues = syntax_errors("x = 0\nfor i in range(10:\n    pass\n")
    assert [(issue.line, issue.message) for issue in issues] == [(2, "missing ')'")]


@pytest.mark.parametrize(
    ("source", "line"),
    [
        ("def f():\nreturn 1\n", 2),  # tree-sitter alone accepts this
        ("def f():\n    x = 1\n  y = 2\n", 3),
        ("if x:\n\tpass\n        y = 1\n", 3),
    ],
)
def test_indentation_errors_are_reported(source: str, line: int) -> None:
    assert not parse(source).root_node.has_error, "precondition: tree-sitter misses this one"
    issues = syntax_errors(source)
    assert [issue.line for issue in issues] == [line]
    assert "indent" in issues[0].message or "tabs" in issues[0].message
    assert not is_valid(source)


def test_issue_str_names_line_and_column() -> None:
    assert str(SyntaxIssue(3, 5, "missing ':'")) == "line 3, column 5: missing ':'"
    message = str(syntax_errors("def f():\n    return 1 +\n")[0])
    assert message.startswith("line 2, column 5: ") and "return 1 +" in message


def test_issues_are_sorted_and_returned_as_fresh_lists() -> None:
    source = "a = (1,\n\n\ndef f(:\n    pass\n"
    first = syntax_errors(source)
    assert first == sorted(first, key=lambda issue: (issue.line, issue.column))
    first.clear()
    assert syntax_errors(source), "mutating the returned list must not poison the cache"


def test_parse_is_cached_by_content() -> None:
    source = "def cached():\n    return 42\n"
    assert parse(source) is parse(source)
    assert parse(source) is parse("".join(list(source)))  # equal text, different object


def test_parse_rejects_non_strings() -> None:
    with pytest.raises(ConfigError, match="must be a str"):
        parse(b"x = 1")  # type: ignore[arg-type]
    with pytest.raises(ConfigError, match="UTF-8"):
        parse("x = '\ud800'")


def test_parse_edited_agrees_with_a_full_parse() -> None:
    source = "if a < b:\n    x = [1, 2]\n"
    data = source.encode()
    tree = parse(source)
    lt = source.index("<")
    ok = parse_edited(tree, data, lt, lt + 1, b"<=")
    assert not ok.root_node.has_error
    assert ok.root_node.text == b"if a <= b:\n    x = [1, 2]\n"
    bracket = source.index("]")
    broken = parse_edited(tree, data, bracket, bracket + 1, b"")
    assert broken.root_node.has_error
    assert not tree.root_node.has_error, "the cached tree must not change"


def test_parsing_from_many_threads() -> None:
    sources = [f"def f{i}(x):\n    return x + {i}\n" if i % 2 else f"def f{i}(x)\n    return x\n" for i in range(40)]
    results: dict[int, bool] = {}

    def work(i: int) -> None:
        results[i] = is_valid(sources[i]) and parse(sources[i]).root_node.children[0].type == "function_definition"

    threads = [threading.Thread(target=work, args=(i,)) for i in range(40)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert results == {i: bool(i % 2) for i in range(40)}

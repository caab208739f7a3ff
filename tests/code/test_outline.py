"""Tests for codegym.code.outline (real tree-sitter)."""

from __future__ import annotations

from codegym.code import Symbol, outline, render_outline

NESTED = '''"""Module doc."""


def two_sum(nums, target):
    """Return indices of two numbers adding up to target.

    Uses a dict.
    """
    seen = {}
    for i, n in enumerate(nums):
        if target - n in seen:
            return [seen[target - n], i]
        seen[n] = i
    return []


class Stack:
    class Node:
        def __init__(self, value, nxt=None):
            self.value = value

    def __init__(self):
        self.top = None

    def push(self, x):
        self.top = Stack.Node(x, self.top)

    @property
    def size(self,
             *,
             strict: bool = False,  # explained elsewhere
             ) -> int:
        def helper(node):
            return 0 if node is None else 1 + helper(node.nxt)
        return helper(self.top)
        # a trailing comment that is not code


async def fetch(url: str) -> bytes:
    return b""
'''


def _table(source: str) -> list[tuple[str, str, int, int]]:
    return [(s.kind, s.qualname, s.start_line, s.end_line) for s in outline(source)]


def test_outline_of_nested_classes_and_methods() -> None:
    assert _table(NESTED) == [
        ("function", "two_sum", 4, 14),
        ("class", "Stack", 17, 35),
        ("class", "Stack.Node", 18, 20),
        ("method", "Stack.Node.__init__", 19, 20),
        ("method", "Stack.__init__", 22, 23),
        ("method", "Stack.push", 25, 26),
        ("method", "Stack.size", 28, 35),
        ("function", "Stack.size.helper", 33, 34),
        ("function", "fetch", 39, 40),
    ]


def test_symbol_details() -> None:
    symbols = {s.qualname: s for s in outline(NESTED)}
    assert symbols["two_sum"] == Symbol(
        kind="function",
        name="two_sum",
        qualname="two_sum",
        start_line=4,
        end_line=14,
        signature="def two_sum(nums, target):",
        docstring="Return indices of two numbers adding up to target.",
    )
    # Multi-line header collapsed, comment dropped, decorator included in the range.
    assert symbols["Stack.size"].signature == "def size(self, *, strict: bool = False) -> int:"
    assert symbols["Stack.size"].start_line == 28
    assert symbols["fetch"].signature == "async def fetch(url: str) -> bytes:"
    assert symbols["Stack.Node.__init__"].depth == 2
    assert symbols["Stack"].docstring == ""


def test_class_signature_keeps_bases() -> None:
    (symbol,) = outline("class Child(Base, metaclass=Meta):\n    '''Doc.'''\n")
    assert symbol.signature == "class Child(Base, metaclass=Meta):"
    assert symbol.docstring == "Doc."


def test_render_outline_matches_the_documented_format() -> None:
    source = (
        "import os\n\n"
        "def two_sum(nums, target):\n    return []\n\n"
        "class Stack:\n    def push(self, x):\n        pass\n"
    )
    assert render_outline(source) == (
        "solution.py\n"
        "  def two_sum(nums, target) [3-4]\n"
        "  class Stack [6-8]\n"
        "    def push(self, x) [7-8]"
    )
    assert render_outline(source, path="pkg/mod.py").startswith("pkg/mod.py\n")


def test_render_outline_shows_docstrings_and_empty_files() -> None:
    assert "def two_sum(nums, target) [4-14]  # Return indices" in render_outline(NESTED)
    assert render_outline("x = 1\n") == "solution.py\n  (no functions or classes)"
    assert render_outline("") == "solution.py\n  (no functions or classes)"


BROKEN = '''def f(x)
    return x


class A:
    def g(self):
        return 1 +

    def h(self):
        """Fine."""
        return 2

text = """
def not_a_function():
"""
'''


def test_outline_of_broken_code_is_partial_and_does_not_raise() -> None:
    assert _table(BROKEN) == [
        ("function", "f", 1, 2),
        ("class", "A", 5, 11),
        ("method", "A.g", 6, 7),
        ("method", "A.h", 9, 11),
    ]
    h = outline(BROKEN)[-1]
    assert h.signature == "def h(self):" and h.docstring == "Fine."  # intact part parsed by tree-sitter
    assert outline(BROKEN)[0].signature == "def f(x)"  # header shown as written


def test_render_outline_of_broken_code_lists_the_errors() -> None:
    rendered = render_outline(BROKEN)
    assert "  def f(x) [1-2]" in rendered
    assert "    def h(self) [9-11]  # Fine." in rendered
    errors = [line for line in rendered.splitlines() if line.startswith("  ! syntax error")]
    # the missing colon of line 1 is reported on line 1 or 2, depending on the grammar version
    assert errors and ("line 1," in errors[0] or "line 2," in errors[0])
    assert any("line 7," in line for line in errors)


def test_outline_survives_garbage() -> None:
    for source in ["def", "class (:", "@@@\n  def\n\tclass", ")))(((", "def f(:\n  class B\n", "\x00\x01", "é = ("]:
        outline(source)
        render_outline(source)

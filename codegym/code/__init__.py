"""Code tools for agents and task generators: parsing, outlines, edits and mutations.

Everything is built on tree-sitter's Python grammar; trees are cached by source text.

Example:
    >>> import random
    >>> from codegym.code import apply_edits, is_valid, mutate, render_outline
    >>> src = "def add(a, b):\\n    return a + b\\n"
    >>> print(render_outline(src))
    solution.py
      def add(a, b) [1-2]
    >>> m = mutate(src, random.Random(3))
    >>> is_valid(m.source), apply_edits(m.source, m.restoring_edits) == src
    (True, True)
"""

from codegym.code.edits import find_symbol, insert_lines, replace_lines, replace_symbol, search
from codegym.code.mutations import OPERATORS, Edit, Mutation, apply_edits, candidate_edits, mutate
from codegym.code.outline import Symbol, outline, render_outline
from codegym.code.parsing import SyntaxIssue, is_valid, parse, syntax_errors

__all__ = [
    "OPERATORS",
    "Edit",
    "Mutation",
    "Symbol",
    "SyntaxIssue",
    "apply_edits",
    "candidate_edits",
    "find_symbol",
    "insert_lines",
    "is_valid",
    "mutate",
    "outline",
    "parse",
    "render_outline",
    "replace_lines",
    "replace_symbol",
    "search",
    "syntax_errors",
]

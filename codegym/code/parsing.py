"""Parse Python source with tree-sitter: cached trees and syntax-error reports.

One :class:`tree_sitter.Parser` lives in each thread; trees are cached by source
text (an LRU of 512 entries), so asking several tools about the same program
parses it once. Cached trees are shared: never call ``Tree.edit`` on one, use
``tree.copy()`` first.

"Valid" means tree-sitter found no ERROR or MISSING node and CPython's tokenizer
found no indentation error (tree-sitter accepts, e.g., ``def f():\\nreturn 1``).
Other checks are left to tree-sitter alone, so code is judged the same whatever
Python version runs codegym; tree-sitter is a little more permissive than CPython
(it accepts a ``try`` without ``except``, or a Python 2 ``print`` statement).

Example:
    >>> is_valid("def f(x):\\n    return x\\n")
    True
    >>> [str(issue) for issue in syntax_errors("def f():\\n    return 1 +\\n")]
    ["line 2, column 5: invalid syntax near 'return 1 +'"]
"""

from __future__ import annotations

import ast
import threading
import warnings
from dataclasses import dataclass
from functools import lru_cache
from importlib.metadata import PackageNotFoundError, version

import tree_sitter
import tree_sitter_python

from codegym.code.text import SourceText
from codegym.errors import ConfigError

LANGUAGE = tree_sitter.Language(tree_sitter_python.language())

_local = threading.local()


def _supports_incremental() -> bool:
    """tree-sitter >= 0.25 has a working ``Tree.copy`` (0.24's crashes on reuse)."""
    try:
        major, minor = (int(part) for part in version("tree-sitter").split(".")[:2])
    except (PackageNotFoundError, ValueError):
        return False
    return (major, minor) >= (0, 25) and hasattr(tree_sitter.Tree, "copy")


_INCREMENTAL = _supports_incremental()


def _parser() -> tree_sitter.Parser:
    """Return this thread's parser (tree-sitter parsers are not thread-safe)."""
    parser = getattr(_local, "parser", None)
    if parser is None:
        parser = tree_sitter.Parser(LANGUAGE)
        _local.parser = parser
    return parser


def _encode(source: object) -> bytes:
    if not isinstance(source, str):
        raise ConfigError(f"source must be a str of Python code, got {type(source).__name__}")
    try:
        return source.encode("utf-8")
    except UnicodeEncodeError as exc:
        raise ConfigError(f"source cannot be encoded as UTF-8 ({exc.reason} at offset {exc.start})") from exc


@lru_cache(maxsize=512)
def _parse_cached(source: str) -> tree_sitter.Tree:
    return _parser().parse(_encode(source))


def parse(source: str) -> tree_sitter.Tree:
    """Parse ``source`` (cached by content); the tree is shared, so do not edit it.

    Example:
        >>> parse("x = 1\\n").root_node.type
        'module'
    """
    if not isinstance(source, str):
        _encode(source)  # raises the ConfigError
    return _parse_cached(source)  # encoding errors are raised (never cached) in here


def parse_edited(tree: tree_sitter.Tree, data: bytes, start_byte: int, old_end_byte: int, new_text: bytes) -> tree_sitter.Tree:
    """Incrementally re-parse ``data`` (the bytes ``tree`` was parsed from) after one edit.

    Replaces ``data[start_byte:old_end_byte]`` by ``new_text``; ``tree`` itself is not
    modified. Much faster than a full parse when checking many small edits (with
    tree-sitter >= 0.25; older versions get a full parse, as their ``Tree.copy`` is
    missing (0.23) or crashes when used twice (0.24)).

    Example:
        >>> data = b"x = a < b\\n"
        >>> new = parse_edited(parse(data.decode()), data, 6, 7, b"<=")
        >>> new.root_node.has_error
        False
    """
    new_data = data[:start_byte] + new_text + data[old_end_byte:]
    if not _INCREMENTAL:
        return _parser().parse(new_data)
    start_point = _point(data, start_byte)
    old_end_point = _point(data, old_end_byte)
    newlines = new_text.count(b"\n")
    if newlines:
        new_end_point = (start_point[0] + newlines, len(new_text) - new_text.rfind(b"\n") - 1)
    else:
        new_end_point = (start_point[0], start_point[1] + len(new_text))
    copy = tree.copy()
    copy.edit(
        start_byte=start_byte,
        old_end_byte=old_end_byte,
        new_end_byte=start_byte + len(new_text),
        start_point=start_point,
        old_end_point=old_end_point,
        new_end_point=new_end_point,
    )
    return _parser().parse(new_data, copy)


def _point(data: bytes, offset: int) -> tuple[int, int]:
    row = data.count(b"\n", 0, offset)
    return row, offset - (data.rfind(b"\n", 0, offset) + 1)


@dataclass(frozen=True)
class SyntaxIssue:
    """One syntax error: 1-based ``line`` and ``column`` (characters) and a message.

    Example:
        >>> str(SyntaxIssue(3, 5, "missing ':'"))
        "line 3, column 5: missing ':'"
    """

    line: int
    column: int
    message: str

    def __str__(self) -> str:
        return f"line {self.line}, column {self.column}: {self.message}"


def _snippet(node: tree_sitter.Node) -> str:
    text = (node.text or b"").decode("utf-8", "replace")
    for line in text.splitlines():
        if line.strip():
            line = line.strip()
            return line if len(line) <= 40 else line[:37] + "..."
    return ""


def _indentation_error(source: str) -> SyntaxIssue | None:
    """CPython's verdict on indentation only (stable across Python versions)."""
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            compile(source, "<source>", "exec", ast.PyCF_ONLY_AST, dont_inherit=True)
    except IndentationError as exc:  # TabError included
        return SyntaxIssue(exc.lineno or 1, exc.offset or 1, exc.msg)
    except (SyntaxError, ValueError, RecursionError, MemoryError):
        return None
    return None


@lru_cache(maxsize=512)
def _syntax_errors_cached(source: str) -> tuple[SyntaxIssue, ...]:
    tree = _parse_cached(source)
    if not tree.root_node.has_error:
        issue = _indentation_error(source)
        return () if issue is None else (issue,)
    text = SourceText(source)
    issues: list[SyntaxIssue] = []
    stack = [(tree.root_node, False)]
    while stack:
        node, inside_error = stack.pop()
        row, byte_col = node.start_point
        position = (row + 1, text.column(row, byte_col) + 1)
        if node.is_missing:
            issues.append(SyntaxIssue(*position, f"missing {node.type!r}"))
            continue
        if node.is_error and not inside_error:
            snippet = _snippet(node)
            issues.append(SyntaxIssue(*position, f"invalid syntax near {snippet!r}" if snippet else "invalid syntax"))
        if node.has_error:
            stack.extend((child, inside_error or node.is_error) for child in reversed(node.children))
    issues.sort(key=lambda issue: (issue.line, issue.column))
    return tuple(issues)


def syntax_errors(source: str) -> list[SyntaxIssue]:
    """List the syntax errors in source order; ``[]`` for valid code.

    Errors come from tree-sitter's ERROR and MISSING nodes; when there are none,
    CPython's indentation check runs (tree-sitter does not enforce indentation).

    Example:
        >>> syntax_errors("x = 1\\n")
        []
        >>> syntax_errors("x = (1,\\n")[0].line
        1
    """
    parse(source)
    return list(_syntax_errors_cached(source))


def is_valid(source: str) -> bool:
    """Return True when ``source`` has no syntax errors (see :func:`syntax_errors`).

    Example:
        >>> is_valid("if x:\\n    pass\\n"), is_valid("if x\\n    pass\\n"), is_valid("if x:\\npass\\n")
        (True, False, False)
    """
    parse(source)
    return not _syntax_errors_cached(source)

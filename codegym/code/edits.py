"""Structured edits of a Python file, as pure functions from source to new source.

Every function raises :class:`~codegym.errors.ActionError` with a message an agent
can act on (the valid line range, the known symbols, the regex error) when the
request cannot be carried out. Lines are 1-based and split on ``"\\n"``.

Example:
    >>> src = "class Stack:\\n    def push(self, x):\\n        pass\\n"
    >>> print(replace_symbol(src, "Stack.push", "def push(self, x):\\n    self.items.append(x)"), end="")
    class Stack:
        def push(self, x):
            self.items.append(x)
    >>> search(src, "push")
    [(2, '    def push(self, x):')]
"""

from __future__ import annotations

import difflib
import re
import time

import regex as regex_module
import textwrap

from codegym.code.text import split_lines
from codegym.code.outline import Symbol, outline
from codegym.errors import ActionError, ConfigError

_MAX_LISTED_SYMBOLS = 25


def _check_int(value: object, name: str) -> int:
    if isinstance(value, bool) or not isinstance(value, int):
        raise ActionError(f"{name} must be an integer line number, got {value!r}")
    return value


def _check_text(value: object, name: str) -> str:
    if not isinstance(value, str):
        raise ActionError(f"{name} must be a string, got {type(value).__name__}")
    return value


def _as_block(new_text: str) -> str:
    """``new_text`` as whole lines: ends in a newline unless empty."""
    return new_text if not new_text or new_text.endswith("\n") else new_text + "\n"


def _join(before: list[str], block: str, after: list[str], *, keep_final_newline: bool) -> str:
    result = "".join(before) + block + "".join(after)
    if not after and not keep_final_newline and result.endswith("\n"):
        result = result[:-1]
    return result


def replace_lines(source: str, start: int, end: int, new_text: str) -> str:
    """Replace lines ``start``..``end`` (1-based, inclusive) by ``new_text`` ("" deletes them).

    Example:
        >>> replace_lines("a\\nb\\nc\\n", 2, 2, "B")
        'a\\nB\\nc\\n'
        >>> replace_lines("a\\n", 2, 3, "x")
        Traceback (most recent call last):
        ...
        codegym.errors.ActionError: line range 2-3 is out of bounds: the file has 1 line, so valid lines are 1-1
    """
    start, end = _check_int(start, "start"), _check_int(end, "end")
    new_text = _check_text(new_text, "new_text")
    lines = split_lines(source)
    count = len(lines)
    if count == 0:
        raise ActionError("the file is empty, so there are no lines to replace; use insert_lines with after_line=0")
    if start > end:
        raise ActionError(f"start line {start} is after end line {end}; give start <= end (valid lines are 1-{count})")
    if start < 1 or end > count:
        noun = "line" if count == 1 else "lines"
        raise ActionError(f"line range {start}-{end} is out of bounds: the file has {count} {noun}, so valid lines are 1-{count}")
    keep_final_newline = source.endswith("\n")
    return _join(lines[: start - 1], _as_block(new_text), lines[end:], keep_final_newline=keep_final_newline)


def insert_lines(source: str, after_line: int, new_text: str) -> str:
    """Insert ``new_text`` as whole lines after line ``after_line`` (0 inserts at the top).

    Example:
        >>> insert_lines("a\\nc\\n", 1, "b")
        'a\\nb\\nc\\n'
        >>> insert_lines("a", 1, "b")
        'a\\nb\\n'
    """
    after_line = _check_int(after_line, "after_line")
    new_text = _check_text(new_text, "new_text")
    lines = split_lines(source)
    if not 0 <= after_line <= len(lines):
        raise ActionError(
            f"after_line {after_line} is out of bounds: the file has {len(lines)} lines, "
            f"so after_line must be between 0 (top of file) and {len(lines)}"
        )
    if not new_text:
        return source
    before = lines[:after_line]
    if before and not before[-1].endswith("\n"):
        before[-1] += "\n"
    return "".join(before) + _as_block(new_text) + "".join(lines[after_line:])


def _symbol_list(symbols: list[Symbol]) -> str:
    names = [symbol.qualname for symbol in symbols]
    shown = ", ".join(names[:_MAX_LISTED_SYMBOLS])
    if len(names) > _MAX_LISTED_SYMBOLS:
        shown += f", ... ({len(names) - _MAX_LISTED_SYMBOLS} more)"
    return shown


def find_symbol(source: str, qualname: str) -> Symbol:
    """Return the function, class or method called ``qualname`` (the first, if defined twice).

    Example:
        >>> find_symbol("class A:\\n    def m(self):\\n        pass\\n", "A.m").start_line
        2
        >>> find_symbol("def f():\\n    pass\\n", "g")
        Traceback (most recent call last):
        ...
        codegym.errors.ActionError: no function, class or method named 'g'; defined symbols: f
    """
    qualname = _check_text(qualname, "qualname").strip()
    symbols = outline(source)
    for symbol in symbols:
        if symbol.qualname == qualname:
            return symbol
    if not symbols:
        raise ActionError(f"no function, class or method named {qualname!r}: the file defines none")
    qualnames = [symbol.qualname for symbol in symbols]
    hints = [q for q in qualnames if q.rsplit(".", 1)[-1] == qualname.rsplit(".", 1)[-1]]
    hints += [q for q in difflib.get_close_matches(qualname, qualnames, n=3) if q not in hints]
    hint = f"; did you mean {', '.join(repr(h) for h in hints[:3])}?" if hints else ""
    raise ActionError(f"no function, class or method named {qualname!r}{hint}; defined symbols: {_symbol_list(symbols)}")


def _reindent(new_text: str, indent: str) -> str:
    lines = new_text.split("\n")
    while lines and not lines[0].strip():
        lines.pop(0)
    body = "\n".join(lines).rstrip()
    if not body:
        return ""
    return textwrap.indent(textwrap.dedent(body), indent) + "\n"


def replace_symbol(source: str, qualname: str, new_text: str) -> str:
    """Replace the whole definition of ``qualname`` (decorators included) by ``new_text``.

    ``new_text`` is re-indented to the symbol's level, so a method may be given
    unindented. An empty ``new_text`` deletes the symbol.

    Example:
        >>> src = "class A:\\n    def m(self):\\n        return 1\\n"
        >>> replace_symbol(src, "A.m", "def m(self):\\n    return 2\\n")
        'class A:\\n    def m(self):\\n        return 2\\n'
    """
    new_text = _check_text(new_text, "new_text")
    symbol = find_symbol(source, qualname)
    lines = split_lines(source)
    first = lines[symbol.start_line - 1]
    indent = first[: len(first) - len(first.lstrip(" \t"))]
    block = _reindent(new_text, indent)
    return _join(lines[: symbol.start_line - 1], block, lines[symbol.end_line :], keep_final_newline=source.endswith("\n"))


#: Wall-clock budget of one regex search over a file.
SEARCH_SECONDS = 0.5


def search(source: str, pattern: str, *, regex: bool = False, max_hits: int = 50) -> list[tuple[int, str]]:
    """Return ``(line_no, line_text)`` for each line containing ``pattern`` (at most ``max_hits``).

    With ``regex=True`` the pattern is a Python regular expression searched line by line.

    Example:
        >>> search("x = 1\\ny = 2\\nx += y\\n", r"^x\\b", regex=True)
        [(1, 'x = 1'), (3, 'x += y')]
    """
    pattern = _check_text(pattern, "pattern")
    if not pattern:
        raise ActionError("the search pattern is empty; give the text (or regex=True and a regular expression) to look for")
    if isinstance(max_hits, bool) or not isinstance(max_hits, int) or max_hits < 1:
        raise ConfigError(f"max_hits must be a positive integer, got {max_hits!r}")
    deadline = time.monotonic() + SEARCH_SECONDS
    if regex:
        try:
            compiled = regex_module.compile(pattern, regex_module.VERSION0)
        except (regex_module.error, re.error) as exc:
            raise ActionError(
                f"invalid regular expression {pattern!r}: {exc}; fix it, or pass regex=False to search for the literal text"
            ) from exc

        def matches(line: str) -> bool:
            # the agent chooses both pattern and text: bound catastrophic backtracking
            return compiled.search(line, timeout=max(0.0, deadline - time.monotonic())) is not None
    else:
        matches = lambda line: pattern in line  # noqa: E731
    hits: list[tuple[int, str]] = []
    try:
        for number, line in enumerate(split_lines(source), start=1):
            line = line.removesuffix("\n").removesuffix("\r")
            if matches(line):
                hits.append((number, line))
                if len(hits) >= max_hits:
                    break
    except TimeoutError:
        raise ActionError(
            f"the regular expression {pattern!r} took longer than {SEARCH_SECONDS}s (catastrophic backtracking?); "
            "simplify it or search for literal text"
        ) from None
    return hits

"""Edit algebra for repairs: the edits separating a program from a reference, and a menu of edits.

Pure functions of their arguments (no randomness, no clock), memoised by source text.

* :func:`toward_reference` — edits of a source that each undo one difference from the
  reference (a token diff) and keep the code valid.
* :func:`pending_after` — those edits carried through one more edit of the source, so a
  path back to the reference is always known.
* :func:`menu_edits` — tree-sitter candidate edits of the source plus the pending edits,
  one per resulting program, each marked ``toward`` when it moves to the reference.
* :func:`function_of_lines` — the enclosing function of each line.

Example:
    >>> src = "def lt(a, b):\\n    return a <= b\\n"
    >>> ref = "def lt(a, b):\\n    return a < b\\n"
    >>> pending = toward_reference(src, ref)
    >>> [(e.original, e.replacement) for e in pending]
    [('<=', '<')]
    >>> [m.edit.describe() for m in menu_edits(src, pending) if m.toward]
    ["line 2: comparison_swap '<=' -> '<'"]
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from difflib import SequenceMatcher
from typing import Iterable, Sequence

from codegym.code.memo import Memo
from codegym.code.mutations import Edit, apply_edits, candidate_edits
from codegym.code.parsing import is_valid, parse
from codegym.code.text import line_of
from codegym.errors import ActionError

_TOKEN = re.compile(
    r"\s+|[A-Za-z_][A-Za-z0-9_]*|\d[\w.]*|\*\*=?|//=?|<<=?|>>=?|->|:=|[-+*/%&|^<>=!@]=|\S"
)
_TOWARD = Memo(512)
_MENU = Memo(256)  # entries hold whole programs: keep it small
_FUNCS = Memo(1024)


def _tokens(text: str) -> tuple[list[str], list[int]]:
    words, starts = [], []
    for match in _TOKEN.finditer(text):
        words.append(match.group())
        starts.append(match.start())
    starts.append(len(text))
    return words, starts


def _diff_chunks(current: str, reference: str) -> list[tuple[int, int, int, int]]:
    """Character ranges ``(a0, a1, b0, b1)`` where ``current`` and ``reference`` differ, token-aligned."""
    a, a_at = _tokens(current)
    b, b_at = _tokens(reference)
    matcher = SequenceMatcher(None, a, b, autojunk=False)
    return [(a_at[i1], a_at[i2], b_at[j1], b_at[j2])
            for tag, i1, i2, j1, j2 in matcher.get_opcodes() if tag != "equal"]


def _metadata(original: str, replacement: str, line: int, hints: Sequence[Edit]) -> tuple[str, str, int]:
    """(operator, site_kind, depth) of the hint with the same texts nearest ``line``; else unknown."""
    same = [h for h in hints if h.original == original and h.replacement == replacement]
    if not same:
        return "", "", 0
    best = min(same, key=lambda h: (abs(h.line - line), h.start))
    return best.operator, best.site_kind, best.depth


def toward_reference(current: str, reference: str, hints: Iterable[Edit] = ()) -> list[Edit]:
    """Edits of ``current`` that each undo one difference from ``reference`` and keep the code valid.

    Applying all of them (one after the other, recomputing in between) gives
    ``reference`` back. ``hints`` (e.g. a repair task's recorded restoring edits, the
    inverses of edits made so far) lend their operator, site kind and depth to an edit
    with the same texts; an edit no hint matches has an empty operator and site kind.

    Example:
        >>> src = "def f(x):\\n    if not (x > 1):\\n        return None\\n"
        >>> ref = "def f(x):\\n    if x > 1:\\n        return x\\n"
        >>> [(e.original, e.replacement) for e in toward_reference(src, ref)]
        [('not (x > 1)', 'x > 1'), ('None', 'x')]
    """
    hints = tuple(hints)
    key = (current, reference, tuple((h.original, h.replacement, h.operator, h.site_kind, h.depth, h.line) for h in hints))
    return list(_TOWARD.get(key, lambda: tuple(_toward(current, reference, hints))))


def _toward(current: str, reference: str, hints: Sequence[Edit]) -> list[Edit]:
    if current == reference:
        return []
    chunks = _diff_chunks(current, reference)
    merged: list[tuple[int, int, int, int]] = []
    pending: tuple[int, int, int, int] | None = None
    for chunk in chunks:
        pending = chunk if pending is None else (pending[0], chunk[1], pending[2], chunk[3])
        a0, a1, b0, b1 = pending
        if is_valid(current[:a0] + reference[b0:b1] + current[a1:]):
            merged.append(pending)
            pending = None
    if pending is not None:  # a tail that breaks the code alone: fold it into the last chunk
        if merged:
            a0, _, b0, _ = merged.pop()
            pending = (a0, pending[1], b0, pending[3])
        merged.append(pending)
    edits = []
    for a0, a1, b0, b1 in merged:
        original, replacement = current[a0:a1], reference[b0:b1]
        line = line_of(current, a0)
        operator, site_kind, depth = _metadata(original, replacement, line, hints)
        edits.append(Edit(start=a0, end=a1, replacement=replacement, operator=operator,
                          site_kind=site_kind, line=line, original=original, depth=depth))
    return edits


def _touch(a: Edit, b: Edit) -> bool:
    """True when the two edits' spans overlap or touch (so they cannot be applied independently)."""
    return a.start <= b.end and b.start <= a.end


def pending_after(pending: Sequence[Edit], current: str, edit: Edit) -> tuple[Edit, ...]:
    """The edits still separating ``edit.apply(current)`` from the reference.

    ``pending`` are non-overlapping edits of ``current`` that, applied together, give the
    reference. The pending edits ``edit`` touches are merged with it into one edit that
    restores the whole touched region (dropped when ``edit`` already restored it, e.g.
    when ``edit`` *was* a pending edit); the others shift with it. An edit touching no
    pending edit adds its own inverse.

    Example:
        >>> src, ref = "x = a <= b\\n", "x = a < b\\n"
        >>> fix = Edit(6, 8, "<", "comparison_swap", "comparison_operator", 1, "<=", 2)
        >>> wrong = Edit(6, 8, ">=", "comparison_swap", "comparison_operator", 1, "<=", 2)
        >>> pending_after([fix], src, fix)
        ()
        >>> [e.describe() for e in pending_after([fix], src, wrong)]
        ["line 1: comparison_swap '>=' -> '<'"]
    """
    result = edit.apply(current)
    delta = len(edit.replacement) - (edit.end - edit.start)
    touched = [p for p in pending if _touch(p, edit)]
    kept: list[Edit] = []
    for p in pending:
        if _touch(p, edit):
            continue
        if p.start >= edit.end:
            p = replace(p, start=p.start + delta, end=p.end + delta, line=line_of(result, p.start + delta))
        kept.append(p)
    u0 = min([edit.start, *(p.start for p in touched)])
    u1 = max([edit.end, *(p.end for p in touched)])
    local = [replace(p, start=p.start - u0, end=p.end - u0) for p in touched]
    target = apply_edits(current[u0:u1], local)
    found = result[u0:u1 + delta]
    if found != target:
        like = touched[0] if touched else edit
        kept.append(Edit(start=u0, end=u1 + delta, replacement=target, operator=like.operator,
                         site_kind=like.site_kind, line=line_of(result, u0), original=found, depth=like.depth))
    return tuple(sorted(kept, key=lambda e: (e.start, e.end)))


@dataclass(frozen=True)
class MenuEdit:
    """One possible menu entry: the edit, the program it gives, and whether it moves toward the reference.

    ``pending`` is the pending edit (see :func:`pending_after`) giving the same program
    when the entry is ``toward``: carry *it* through :func:`pending_after`, since the
    entry's own ``edit`` may describe the same change differently.
    """

    edit: Edit
    result: str
    toward: bool
    pending: Edit | None = None


def menu_edits(current: str, pending: Iterable[Edit] = ()) -> tuple[MenuEdit, ...]:
    """Candidate edits of ``current`` plus the ``pending`` edits toward the reference, one per program.

    Where a candidate edit and a pending edit give the same program, the candidate's
    description is kept and the entry is marked ``toward``. Sorted by position.
    Memoised by ``(current, pending)``.
    """
    pending = tuple(pending)
    return _MENU.get((current, pending), lambda: _menu(current, pending))


def _menu(current: str, pending: Sequence[Edit]) -> tuple[MenuEdit, ...]:
    by_result: dict[str, MenuEdit] = {}
    for edit in candidate_edits(current):
        result = edit.apply(current)
        if result != current and result not in by_result:
            by_result[result] = MenuEdit(edit, result, False)
    for edit in pending:
        try:
            result = edit.apply(current)
        except ActionError:
            continue
        if result == current:
            continue
        known = by_result.get(result)
        by_result[result] = (MenuEdit(edit, result, True, edit) if known is None
                             else replace(known, toward=True, pending=edit))
    return tuple(sorted(by_result.values(), key=lambda m: (m.edit.start, m.edit.end, m.edit.operator, m.edit.replacement)))


def function_of_lines(source: str) -> tuple[str, ...]:
    """The innermost enclosing function's name of each line (index 0 is line 1; '' outside any)."""
    return _FUNCS.get(source, lambda: _functions(source))


def _functions(source: str) -> tuple[str, ...]:
    n_lines = source.count("\n") + 1
    names = [""] * n_lines
    data = source.encode("utf-8")
    stack = [parse(source).root_node]
    while stack:
        node = stack.pop()
        if node.type == "function_definition":
            name = node.child_by_field_name("name")
            body = node.child_by_field_name("body")
            if name is not None and body is not None:
                label = data[name.start_byte:name.end_byte].decode("utf-8", "replace")
                for row in range(body.start_point[0], min(body.end_point[0], n_lines - 1) + 1):
                    names[row] = label  # children are visited later, so the innermost wins
        stack.extend(reversed(node.children))
    return tuple(names)



__all__ = ["MenuEdit", "function_of_lines", "menu_edits", "pending_after", "toward_reference"]

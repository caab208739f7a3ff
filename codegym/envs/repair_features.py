"""Numeric features for ``codegym/RepairMenu-v1``: the edit menu, edits toward the reference, test signals.

Everything here is a pure function of its arguments (no randomness, no clock), and the
expensive parts are memoised by source text, so an env revisiting a state pays a dict
look-up.

* :func:`pending_after` — the edits still separating a source from the reference,
  carried through each edit the agent makes (a repair task starts from its recorded
  restoring edits). The env always offers them, so a path back to the reference is
  always on the menu. :func:`toward_reference` (a token diff) rebuilds them from
  scratch when needed.
* :func:`menu_edits` — tree-sitter candidate edits of the source plus those edits,
  deduplicated by the program they produce.
* :func:`failure_signals` — what the failing visible tests say: solution line numbers in
  tracebacks, exception kinds, identifiers (the functions the failing tests call).
* :func:`candidate_features` / :func:`report_features` — the rows of ``obs["candidates"]``
  and the vector ``obs["tests"]``. Column names: ``CANDIDATE_FEATURES``, ``TEST_FEATURES``.

No feature says whether an edit moves toward the reference: the agent must infer it
from the edit's shape, where it is, and what the tests say.

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
from collections import OrderedDict
from dataclasses import dataclass, replace
from difflib import SequenceMatcher
from typing import Callable, Hashable, Iterable, Sequence, TypeVar

import numpy as np

from codegym.code._text import line_of
from codegym.code.mutations import OPERATORS, Edit, apply_edits, candidate_edits
from codegym.errors import ActionError
from codegym.code.parsing import is_valid, parse
from codegym.testrun import TestReport

#: Tree-sitter node types a mutation site can have (anything else is "other").
SITE_KINDS: tuple[str, ...] = (
    "augmented_assignment",
    "binary_operator",
    "boolean_operator",
    "call",
    "comparison_operator",
    "elif_clause",
    "false",
    "if_statement",
    "integer",
    "not_operator",
    "return_statement",
    "subscript",
    "true",
    "while_statement",
)

#: Exception kinds read from failing tests (the last one is "any other").
EXCEPTION_KINDS: tuple[str, ...] = (
    "AssertionError",
    "TypeError",
    "IndexError",
    "KeyError",
    "ZeroDivisionError",
    "ValueError",
    "AttributeError",
    "NameError",
    "RecursionError",
    "timeout",
    "other",
)

CANDIDATE_FEATURES: tuple[str, ...] = (
    *(f"operator:{name}" for name in OPERATORS),
    *(f"site:{name}" for name in SITE_KINDS),
    "site:other",
    "present",  # 1 for a menu entry, 0 for a padding row
    "line_in_traceback",
    "traceback_distance",  # |line - nearest solution line in a traceback| / 20, capped; 1 with none
    "function_in_failing_test",  # the site's enclosing function is named in a failing test's report
    "depth",  # tree-sitter depth / 30, capped
    "line_position",  # (line - 1) / (lines - 1)
    "size_change",  # (len(new) - len(old)) / max(len(new), len(old))
    "undoes_edit",  # the result is a program already seen in this episode
    "already_applied",  # this very edit (line, operator, text) was applied earlier in the episode
    "line_edited",  # an earlier edit of this episode touched the site's line
)

TEST_FEATURES: tuple[str, ...] = (
    "ran",
    "pass_fraction",
    "any_failing",
    "tests_total",  # total / 20, capped
    "incomplete",  # collection error, crash or harness error
    "timed_out",
    "pass_fraction_change",  # since the previous visible run, in [-1, 1]
    "traceback_lines",  # a failing test's traceback names lines of the solution file
    "none_in_failure",  # a failing assertion shows a None value
    *(f"exception:{name}" for name in EXCEPTION_KINDS),
    "last_action_invalid",
)

N_CANDIDATE_FEATURES = len(CANDIDATE_FEATURES)
N_TEST_FEATURES = len(TEST_FEATURES)
_COL = {name: i for i, name in enumerate(CANDIDATE_FEATURES)}
_TCOL = {name: i for i, name in enumerate(TEST_FEATURES)}
_OPERATOR_INDEX = {name: i for i, name in enumerate(OPERATORS)}
_SITE_INDEX = {name: len(OPERATORS) + i for i, name in enumerate(SITE_KINDS)}
_SITE_OTHER = _COL["site:other"]

_TOKEN = re.compile(
    r"\s+|[A-Za-z_][A-Za-z0-9_]*|\d[\w.]*|\*\*=?|//=?|<<=?|>>=?|->|:=|[-+*/%&|^<>=!@]=|\S"
)
_IDENT = re.compile(r"[A-Za-z_][A-Za-z0-9_]*")
_EXC = re.compile(r"^E\s+(?:[\w.]*\.)?([A-Za-z_]\w*(?:Error|Exception|Timeout|Crash|Exit|Interrupt|Use))\b", re.M)
_ASSERT = re.compile(r"^E\s+assert\b", re.M)
_NONE = re.compile(r"^E\s+.*\bNone\b", re.M)

V = TypeVar("V")


class _Memo:
    """A small LRU memo keyed by hashable arguments (source texts)."""

    def __init__(self, size: int) -> None:
        self.size = size
        self.data: "OrderedDict[Hashable, object]" = OrderedDict()

    def get(self, key: Hashable, make: Callable[[], V]) -> V:
        if key in self.data:
            self.data.move_to_end(key)
            return self.data[key]  # type: ignore[return-value]
        value = make()
        self.data[key] = value
        while len(self.data) > self.size:
            self.data.popitem(last=False)
        return value


_TOWARD = _Memo(512)
_MENU = _Memo(256)  # entries hold whole programs: keep it small
_STATIC = _Memo(2048)
_FUNCS = _Memo(1024)
_SIGNALS = _Memo(2048)


# ------------------------------------------------------------------ edits toward the reference


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


# ------------------------------------------------------------------ what the tests say


@dataclass(frozen=True)
class FailureSignals:
    """What the failing tests of one report say about the solution file."""

    lines: tuple[int, ...] = ()  # solution lines named in tracebacks
    identifiers: frozenset[str] = frozenset()  # names appearing in failure messages
    exceptions: frozenset[str] = frozenset()  # EXCEPTION_KINDS seen
    none_shown: bool = False


def failure_signals(report: TestReport | None, solution_path: str) -> FailureSignals:
    """Parse a report's failure messages (memoised by the report's text)."""
    if report is None:
        return FailureSignals()
    text = "\n".join([*report.messages.values(), *report.collect_errors])
    return _SIGNALS.get((text, solution_path, report.timed_out), lambda: _signals(text, solution_path, report.timed_out))


def _signals(text: str, solution_path: str, timed_out: bool) -> FailureSignals:
    name = re.escape(solution_path.rsplit("/", 1)[-1])
    pattern = re.compile(rf"(?:^|[\s/\"'(]){name}(?::|\",? line )(\d+)", re.M)
    lines = sorted({int(m.group(1)) for m in pattern.finditer(text)})
    kinds = set()
    for match in _EXC.finditer(text):
        found = match.group(1)
        if found in EXCEPTION_KINDS:
            kinds.add(found)
        elif found in ("RemoteTimeout", "Timeout", "TimeoutError"):
            kinds.add("timeout")
        else:
            kinds.add("other")
    if _ASSERT.search(text):
        kinds.add("AssertionError")
    if timed_out or "did not finish within" in text:
        kinds.add("timeout")
    return FailureSignals(lines=tuple(lines), identifiers=frozenset(_IDENT.findall(text)),
                          exceptions=frozenset(kinds), none_shown=bool(_NONE.search(text)))


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


# ------------------------------------------------------------------ feature arrays


def _static_row(edit: Edit, n_lines: int) -> np.ndarray:
    row = np.zeros(N_CANDIDATE_FEATURES, dtype=np.float32)
    if edit.operator in _OPERATOR_INDEX:
        row[_OPERATOR_INDEX[edit.operator]] = 1.0
    row[_SITE_INDEX.get(edit.site_kind, _SITE_OTHER)] = 1.0
    row[_COL["present"]] = 1.0
    row[_COL["depth"]] = min(edit.depth, 30) / 30.0
    row[_COL["line_position"]] = (edit.line - 1) / max(1, n_lines - 1)
    new, old = len(edit.replacement), len(edit.original)
    row[_COL["size_change"]] = (new - old) / max(new, old, 1)
    return row


def static_features(source: str, edits: Sequence[Edit]) -> np.ndarray:
    """The rows' parts that depend only on the source and the edits (memoised)."""
    key = (source, tuple((e.start, e.end, e.replacement, e.operator, e.site_kind, e.depth) for e in edits))

    def make() -> np.ndarray:
        n_lines = source.count("\n") + 1
        rows = [_static_row(edit, n_lines) for edit in edits]
        return np.stack(rows) if rows else np.zeros((0, N_CANDIDATE_FEATURES), dtype=np.float32)

    return _STATIC.get(key, make)


@dataclass
class EpisodeMemory:
    """What the features remember of the episode so far."""

    visited: set[str]
    applied: set[tuple[int, str, str, str]]
    edited_lines: set[int]

    @classmethod
    def start(cls, source: str) -> "EpisodeMemory":
        return cls(visited={source}, applied=set(), edited_lines=set())

    def record(self, edit: Edit, result: str) -> None:
        self.visited.add(result)
        self.applied.add(edit_key(edit))
        self.edited_lines.add(edit.line)


def edit_key(edit: Edit) -> tuple[int, str, str, str]:
    return (edit.line, edit.operator, edit.original, edit.replacement)


def candidate_features(source: str, entries: Sequence[MenuEdit], signals: FailureSignals,
                       memory: EpisodeMemory, rows: int) -> np.ndarray:
    """The ``(rows, N_CANDIDATE_FEATURES)`` float32 array for a menu (padding rows are zero)."""
    out = np.zeros((rows, N_CANDIDATE_FEATURES), dtype=np.float32)
    if not entries:
        return out
    edits = [entry.edit for entry in entries]
    out[: len(edits)] = static_features(source, edits)
    functions = function_of_lines(source)
    tb = np.asarray(signals.lines, dtype=np.float64)
    for i, entry in enumerate(entries):
        edit = entry.edit
        if tb.size:
            distance = float(np.min(np.abs(tb - edit.line)))
            out[i, _COL["line_in_traceback"]] = float(distance == 0)
            out[i, _COL["traceback_distance"]] = min(distance, 20.0) / 20.0
        else:
            out[i, _COL["traceback_distance"]] = 1.0
        function = functions[edit.line - 1] if 0 < edit.line <= len(functions) else ""
        out[i, _COL["function_in_failing_test"]] = float(bool(function) and function in signals.identifiers)
        out[i, _COL["undoes_edit"]] = float(entry.result in memory.visited)
        out[i, _COL["already_applied"]] = float(edit_key(edit) in memory.applied)
        out[i, _COL["line_edited"]] = float(edit.line in memory.edited_lines)
    return out


def report_features(report: TestReport | None, previous: TestReport | None, signals: FailureSignals,
                  last_action_invalid: bool = False) -> np.ndarray:
    """The ``(N_TEST_FEATURES,)`` float32 vector of ``obs["tests"]``."""
    out = np.zeros(N_TEST_FEATURES, dtype=np.float32)
    out[_TCOL["last_action_invalid"]] = float(last_action_invalid)
    if report is None:
        return out
    out[_TCOL["ran"]] = 1.0
    out[_TCOL["pass_fraction"]] = report.pass_fraction
    out[_TCOL["any_failing"]] = float(report.failed > 0 or not report.all_passed)
    out[_TCOL["tests_total"]] = min(report.total, 20) / 20.0
    out[_TCOL["incomplete"]] = float(bool(report.collect_errors or report.error or report.infra_error))
    out[_TCOL["timed_out"]] = float(report.timed_out)
    if previous is not None:
        out[_TCOL["pass_fraction_change"]] = float(np.clip(report.pass_fraction - previous.pass_fraction, -1.0, 1.0))
    out[_TCOL["traceback_lines"]] = float(bool(signals.lines))
    out[_TCOL["none_in_failure"]] = float(signals.none_shown)
    for kind in signals.exceptions:
        out[_TCOL[f"exception:{kind}"]] = 1.0
    return out


__all__ = [
    "CANDIDATE_FEATURES", "EXCEPTION_KINDS", "SITE_KINDS", "TEST_FEATURES", "N_CANDIDATE_FEATURES", "N_TEST_FEATURES",
    "EpisodeMemory", "FailureSignals", "MenuEdit", "candidate_features", "edit_key", "failure_signals",
    "function_of_lines", "menu_edits", "pending_after", "static_features", "report_features", "toward_reference",
]

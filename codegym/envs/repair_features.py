"""Numeric features for ``codegym/RepairMenu-v4``: the rows of ``obs["candidates"]`` and ``obs["tests"]``.

Pure functions of their arguments (no randomness, no clock); the static parts are
memoised by source text. The edit algebra (menus, edits toward the reference) lives in
:mod:`codegym.code.repair`, failure parsing in :mod:`codegym.verdict.signals`.

* :func:`candidate_features` — one row per menu entry. Column names: ``CANDIDATE_FEATURES``.
* :func:`report_features` — the vector of the latest visible run. Column names: ``TEST_FEATURES``.

No feature says whether an edit moves toward the reference: the agent must infer it
from the edit's shape, where it is, and what the tests say.

Example:
    >>> from codegym.code.repair import menu_edits, toward_reference
    >>> from codegym.verdict.signals import FailureSignals
    >>> src = "def lt(a, b):\\n    return a <= b\\n"
    >>> menu = menu_edits(src, toward_reference(src, src.replace("<=", "<")))
    >>> rows = candidate_features(src, menu, FailureSignals(), EpisodeMemory.start(src), 8)
    >>> rows.shape == (8, N_CANDIDATE_FEATURES)
    True
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Sequence

import numpy as np

from codegym.code.memo import Memo
from codegym.code.mutations import OPERATORS, Edit
from codegym.code.repair import MenuEdit, function_of_lines
from codegym.verdict import TestReport
from codegym.verdict.signals import EXCEPTION_KINDS, FailureSignals

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
_STATIC = Memo(2048)


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
    "CANDIDATE_FEATURES", "SITE_KINDS", "TEST_FEATURES", "N_CANDIDATE_FEATURES", "N_TEST_FEATURES",
    "EpisodeMemory", "candidate_features", "edit_key", "report_features", "static_features",
]

"""What failing tests say about a solution file: traceback lines, exception kinds, identifiers.

Example:
    >>> from codegym.verdict import TestReport
    >>> report = TestReport(outcomes={"t": "failed"}, messages={"t": 'solution.py:3: in f\\nE   ZeroDivisionError: x'})
    >>> s = failure_signals(report, "solution.py")
    >>> s.lines, sorted(s.exceptions)
    ((3,), ['ZeroDivisionError'])
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from codegym.code.memo import Memo
from codegym.verdict.report import TestReport

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

_IDENT = re.compile(r"[A-Za-z_][A-Za-z0-9_]*")
_EXC = re.compile(r"^E\s+(?:[\w.]*\.)?([A-Za-z_]\w*(?:Error|Exception|Timeout|Crash|Exit|Interrupt|Use))\b", re.M)
_ASSERT = re.compile(r"^E\s+assert\b", re.M)
_NONE = re.compile(r"^E\s+.*\bNone\b", re.M)
_SIGNALS = Memo(2048)


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


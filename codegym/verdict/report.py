"""Test reports: what one run of the trusted harness says, parsed strictly.

:class:`TestReport` holds per-test outcomes; :func:`parse_report` reads the judge's
private report channel (fd 3) into one and never raises: a broken, missing or forged
report makes every announced test fail.

Example:
    >>> from codegym.verdict import TestReport
    >>> TestReport(outcomes={"a": "passed", "b": "failed"}).summary()
    {'passed': 1, 'failed': 1, 'total': 2}
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from typing import Mapping

from codegym.sandbox import ExecResult

#: The folder (and package) name the harness gives the tests inside the sandbox.
TEST_DIR = "_codegym_tests"
REPORT_LIMIT_BYTES = 8 << 20
OUTCOMES = frozenset({"passed", "failed", "skipped", "error"})


@dataclass(frozen=True)
class TestReport:
    """Per-test outcomes of one run. ``outcomes`` maps test id -> passed|failed|skipped|error."""

    outcomes: Mapping[str, str] = field(default_factory=dict)
    messages: Mapping[str, str] = field(default_factory=dict)
    collect_errors: tuple[str, ...] = ()
    exit_code: int = 0
    duration_s: float = 0.0
    timed_out: bool = False
    infra_error: bool = False
    error: str = ""
    output_tail: str = ""
    solution_output: str = ""
    #: Seconds the slowest test took (0.0 when the engine did not time tests one by one).
    slowest_test_s: float = 0.0
    #: The judge's calls into the solution: ``requests`` (all of them) and ``pipelined``
    #: (sent without waiting for the answer); the rest each waited a round trip.
    calls: Mapping[str, int] = field(default_factory=dict, compare=False)

    __test__ = False  # not a pytest test class

    @property
    def synchronous_calls(self) -> int:
        """Calls into the solution that waited for their answer (a round trip each)."""
        return max(0, self.calls.get("requests", 0) - self.calls.get("pipelined", 0))

    @property
    def passed(self) -> int:
        return sum(1 for o in self.outcomes.values() if o == "passed")

    @property
    def failed(self) -> int:
        return self.total - self.passed

    @property
    def total(self) -> int:
        return len(self.outcomes)

    @property
    def pass_fraction(self) -> float:
        return self.passed / self.total if self.total else 0.0

    @property
    def all_passed(self) -> bool:
        return self.total > 0 and self.passed == self.total and not self.collect_errors and not self.timed_out

    def summary(self) -> dict:
        """``{"passed", "failed", "total"}`` as ints (what envs put in ``info["tests"]``)."""
        return {"passed": self.passed, "failed": self.failed, "total": self.total}

    def failure_text(self, limit: int = 4000) -> str:
        """Readable failure messages (for an agent's observation)."""
        parts = [f"{node}: {msg}" for node, msg in self.messages.items()] + list(self.collect_errors)
        if self.timed_out:
            parts.insert(0, "the test run timed out")
        if self.error:
            parts.insert(0, self.error)
        return "\n\n".join(parts)[-limit:]


def module_names(solution_files: Mapping[str, str]) -> list[str]:
    """Importable module names of the solution's Python files (``pkg/mod.py`` -> ``pkg.mod``)."""
    names = []
    for path in sorted(solution_files):
        if path.endswith(".py"):
            parts = path[:-3].split("/")
            if parts[-1] == "__init__":
                parts = parts[:-1]
            if parts and all(part.isidentifier() for part in parts):
                names.append(".".join(parts))
    return names


def _json_line(line: str) -> dict | None:
    try:
        value = json.loads(line)
    except ValueError:
        return None
    return value if isinstance(value, dict) else None


def _announced(first: dict | None) -> list[str] | None:
    ids = first.get("announce") if first else None
    if not isinstance(ids, list) or not all(isinstance(i, str) for i in ids) or len(set(ids)) != len(ids):
        return None
    return ids


def _strings(value: object, limit: int = 200) -> tuple[str, ...]:
    return tuple(str(v)[:4000] for v in value[:limit]) if isinstance(value, list) else ()


def parse_report(result: ExecResult) -> TestReport:
    """Turn the judge's report channel into a TestReport, strictly.

    The channel carries ``\\n``-framed JSON lines: the announced test ids (written before
    any agent code runs), then the outcomes. Only announced ids count; any announced
    test without a valid outcome failed; and when the outcomes are missing, malformed,
    cut by the size cap, or the job did not exit cleanly, every announced test failed:
    breaking the run never scores better than failing the tests. Never raises.
    """
    tail = (result.stdout[-3000:] + "\n" + result.stderr[-3000:]).strip()
    if result.infra_error:
        return TestReport(infra_error=True, error=result.infra_message, duration_s=result.duration_s, exit_code=-1)
    lines = result.report.split("\n")
    first = _json_line(lines[0]) if lines and lines[0] else None
    announced = _announced(first)
    if announced is None:
        reason = "the test run timed out" if result.timed_out else \
            f"the judge reported no collected tests (exit {result.exit_code})"
        return TestReport(exit_code=result.exit_code, duration_s=result.duration_s, timed_out=result.timed_out,
                          error=reason, output_tail=tail, collect_errors=("no test was collected",))
    collect_errors = _strings(first.get("collect_errors"))
    final = _json_line(lines[1]) if len(lines) > 2 and lines[2] == "" and len(lines) == 3 else None
    exit_code = final.get("exit") if final else None
    broken = (final is None or result.report_truncated or result.exit_code != 0 or result.timed_out
              or not isinstance(final.get("outcomes"), dict) or exit_code not in (0, 1))
    if broken:
        reason = ("the test run timed out" if result.timed_out else "ran out of memory" if result.oom else
                  f"the test process ended (exit {result.exit_code}) before reporting results" if final is None else
                  f"the test run ended abnormally (pytest exit {exit_code}, job exit {result.exit_code})")
        return TestReport(outcomes={node: "error" for node in announced}, exit_code=result.exit_code,
                          duration_s=result.duration_s, timed_out=result.timed_out, error=reason,
                          output_tail=tail, collect_errors=collect_errors)
    reported = final["outcomes"]
    outcomes = {node: reported[node] if reported.get(node) in OUTCOMES else "error" for node in announced}
    raw_messages = final.get("messages") if isinstance(final.get("messages"), dict) else {}
    messages = {node: str(raw_messages[node])[:4000] for node in announced if node in raw_messages}
    output = final.get("solution_output")
    slowest = final.get("slowest_s")
    stats = final.get("stats") if isinstance(final.get("stats"), dict) else {}
    calls = {key: stats[key] for key in ("requests", "pipelined")
             if type(stats.get(key)) is int and 0 <= stats[key] < 10**12}
    return TestReport(
        outcomes=outcomes, messages=messages, collect_errors=collect_errors + _strings(final.get("collect_errors")),
        exit_code=int(exit_code), duration_s=result.duration_s, timed_out=result.timed_out, output_tail=tail,
        solution_output=output[-2000:] if isinstance(output, str) else "",
        slowest_test_s=float(slowest) if isinstance(slowest, (int, float)) and 0 <= slowest < 1e6 else 0.0,
        calls=calls,
    )

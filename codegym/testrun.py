"""Running a task's tests in a sandbox and reading per-test outcomes.

Every run goes through the trusted harness (``codegym/verdict/harness.py``, sent as the
job's source): a judge process runs pytest and evaluates every assertion while the
agent's code runs only in worker processes, and the tests travel on the job's stdin.
The judge announces the collected tests before any agent code runs, then reports each
test's outcome in one JSON line tagged with a per-run random marker. A test counts as
passed only when its call phase passed and neither setup nor teardown failed; a test
that never reported is a failure. See docs/INTEGRITY.md.

Example:
    >>> from codegym.testrun import run_tests
    >>> report = run_tests(sb, {"solution.py": src}, task.hidden_tests)  # doctest: +SKIP
    >>> report.passed, report.total  # doctest: +SKIP
    (7, 7)
"""

from __future__ import annotations

import json
import secrets
from functools import lru_cache
from pathlib import Path
from dataclasses import dataclass, field
from typing import Mapping

from codegym.sandbox import ExecResult, Sandbox

TEST_DIR = "_codegym_tests"
HARNESS_PATH = Path(__file__).with_name("verdict") / "harness.py"


@lru_cache(maxsize=1)
def harness_source() -> str:
    """The trusted harness, sent as the job's source (see codegym/verdict/harness.py)."""
    return HARNESS_PATH.read_text(encoding="utf-8")


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

    __test__ = False  # not a pytest test class

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
            stem = path[:-3].replace("/", ".")
            names.append(stem[: -len(".__init__")] if stem.endswith(".__init__") else stem)
    return names


def parse_report(result: ExecResult, marker: str) -> TestReport:
    """Turn the harness job's result into a TestReport.

    The judge announces the collected test ids before any agent code runs and reports
    outcomes at the end. When the final report is missing (the run was killed, timed
    out or crashed), every announced test counts as failed: breaking the run never
    scores better than failing the tests.
    """
    tail = (result.stdout[-3000:] + "\n" + result.stderr[-3000:]).strip()
    if result.infra_error:
        return TestReport(infra_error=True, error=result.infra_message, duration_s=result.duration_s, exit_code=-1)
    final = announced = None
    for line in result.stdout.splitlines():
        if line.startswith(marker + "collected"):
            announced = announced or json.loads(line[len(marker) + len("collected"):])
        elif line.startswith(marker) and final is None:
            final = json.loads(line[len(marker):])
    if final is None:
        reason = "the test run timed out" if result.timed_out else "ran out of memory" if result.oom else \
            f"the test process ended (exit {result.exit_code}) before reporting results"
        outcomes = {node: "error" for node in (announced or {}).get("collected", [])}
        return TestReport(outcomes=outcomes, exit_code=result.exit_code, duration_s=result.duration_s,
                          timed_out=result.timed_out, error=reason, output_tail=tail,
                          collect_errors=() if announced else ("no test was collected",))
    outcomes = dict(final["outcomes"])
    for node in (announced or {}).get("collected", []):
        outcomes.setdefault(node, "error")  # collected but never reported
    return TestReport(
        outcomes=outcomes, messages=final["messages"], collect_errors=tuple(final["collect_errors"]),
        exit_code=int(final["exit"]), duration_s=result.duration_s, timed_out=result.timed_out, output_tail=tail,
        solution_output=final.get("solution_output", ""),
    )


def run_tests(sandbox: Sandbox, solution_files: Mapping[str, str], test_files: Mapping[str, str], *,
              timeout: float = 120.0, per_test_timeout: float = 10.0, fresh: bool = True) -> TestReport:
    """Run ``test_files`` against ``solution_files`` through the trusted harness.

    With ``fresh`` the workspace is emptied first, so nothing an earlier job left can
    influence the run; only the solution files are written. The tests travel on the
    job's stdin and never touch the workspace.
    """
    if fresh:
        sandbox.reset(clear_snapshot=True)
    sandbox.write_files(dict(solution_files))
    marker = "@@codegym-report-" + secrets.token_hex(16) + "@@"
    spec = {
        "tests": {name: text for name, text in test_files.items() if name.endswith(".py")},
        "modules": module_names(solution_files),
        "per_test_timeout": per_test_timeout,
        "marker": marker,
    }
    result = sandbox.run_python(harness_source(), timeout=timeout, stdin=json.dumps(spec),
                                env={"PYTEST_DISABLE_PLUGIN_AUTOLOAD": "1"})
    return parse_report(result, marker)

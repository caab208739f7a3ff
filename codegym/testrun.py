"""Running a task's tests in a sandbox and reading per-test outcomes.

The harness runs pytest in a job forked from the sandbox's warm interpreter and
reports each test's outcome in one JSON line tagged with a per-run random marker.
A test counts as passed only when its call phase passed and neither setup nor
teardown failed; a test that never reported is a failure.

Example:
    >>> from codegym.testrun import run_tests
    >>> report = run_tests(sb, {"solution.py": src}, task.hidden_tests)  # doctest: +SKIP
    >>> report.passed, report.total  # doctest: +SKIP
    (7, 7)
"""

from __future__ import annotations

import json
import secrets
from dataclasses import dataclass, field
from typing import Mapping

from codegym.sandbox import ExecResult, Sandbox

TEST_DIR = "_codegym_tests"

_HARNESS = r'''
import json, sys, pytest
_marker = {marker!r}
class _Collector:
    def __init__(self):
        self.outcomes = {{}}
        self.messages = {{}}
        self.collect_errors = []
    def pytest_collectreport(self, report):
        if report.failed:
            self.collect_errors.append(str(report.longrepr)[-2000:])
    def pytest_runtest_logreport(self, report):
        node = report.nodeid
        previous = self.outcomes.get(node)
        if report.when == "call":
            outcome = "passed" if report.passed else "skipped" if report.skipped else "failed"
            if previous in (None, "setup-ok"):
                self.outcomes[node] = outcome
        elif report.failed or report.skipped:
            self.outcomes[node] = "failed" if report.failed else "skipped"
        elif report.when == "setup" and previous is None:
            self.outcomes[node] = "setup-ok"
        if report.failed:
            self.messages[node] = str(report.longrepr)[-1500:]
_collector = _Collector()
_code = pytest.main({args!r}, plugins=[_collector])
sys.stdout.flush()
sys.stdout.write("\n" + _marker + json.dumps({{"exit": int(_code), "outcomes": _collector.outcomes,
    "messages": _collector.messages, "collect_errors": _collector.collect_errors}}) + "\n")
sys.stdout.flush()
'''


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


def _harness(test_paths: list[str], marker: str, extra_args: list[str]) -> str:
    args = ["-q", "-p", "no:cacheprovider", "--import-mode=importlib", "-o", "console_output_style=classic",
            "--tb=short", *extra_args, *test_paths]
    return _HARNESS.format(marker=marker, args=args)


def parse_report(result: ExecResult, marker: str) -> TestReport:
    """Turn the harness job's result into a TestReport (a missing report is a failure)."""
    tail = (result.stdout[-3000:] + "\n" + result.stderr[-3000:]).strip()
    if result.infra_error:
        return TestReport(infra_error=True, error=result.infra_message, duration_s=result.duration_s, exit_code=-1)
    line = next((l for l in reversed(result.stdout.splitlines()) if l.startswith(marker)), None)
    if line is None:
        reason = "the test run timed out" if result.timed_out else "ran out of memory" if result.oom else \
            f"the test process ended (exit {result.exit_code}) before reporting results"
        return TestReport(exit_code=result.exit_code, duration_s=result.duration_s, timed_out=result.timed_out,
                          error=reason, output_tail=tail)
    data = json.loads(line[len(marker):])
    outcomes = {node: ("error" if o == "setup-ok" else o) for node, o in data["outcomes"].items()}
    return TestReport(
        outcomes=outcomes, messages=data["messages"], collect_errors=tuple(data["collect_errors"]),
        exit_code=int(data["exit"]), duration_s=result.duration_s, timed_out=result.timed_out, output_tail=tail,
    )


def run_tests(sandbox: Sandbox, solution_files: Mapping[str, str], test_files: Mapping[str, str], *,
              timeout: float = 30.0, fresh: bool = True, extra_args: list[str] | None = None) -> TestReport:
    """Write the solution and the tests into the sandbox and run the tests.

    With ``fresh`` the workspace is emptied first, so nothing an earlier job left can
    influence the run. Tests go to ``_codegym_tests/``; solution files to the root.
    """
    if fresh:
        sandbox.reset(clear_snapshot=True)
    files = dict(solution_files)
    files.update({f"{TEST_DIR}/{name}": text for name, text in test_files.items()})
    sandbox.write_files(files)
    marker = "@@codegym-report-" + secrets.token_hex(16) + "@@"
    paths = [f"{TEST_DIR}/{name}" for name in sorted(test_files) if name.endswith(".py")
             and name.rsplit("/", 1)[-1].startswith("test_")]
    result = sandbox.run_python(_harness(paths, marker, extra_args or []), timeout=timeout,
                                env={"PYTEST_DISABLE_PLUGIN_AUTOLOAD": "1"})
    return parse_report(result, marker)

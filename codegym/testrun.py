"""Running a task's tests in a sandbox and reading per-test outcomes.

Every run goes through the trusted harness (``codegym/verdict/sandboxed/``, sent as the
job's source): a judge process runs the tests and evaluates every assertion while the
agent's code runs only in a worker, a fresh interpreter the judge starts; the tests
travel on the job's stdin. The judge writes its report to a private channel (fd 3): the
collected test ids before any agent code runs, then each test's outcome. A test that
never reported is a failure, and so is every test of a run whose report is missing or
broken. See docs/INTEGRITY.md.

Example:
    >>> from codegym.testrun import run_tests
    >>> report = run_tests(sb, {"solution.py": src}, task.hidden_tests)  # doctest: +SKIP
    >>> report.passed, report.total  # doctest: +SKIP
    (7, 7)
"""

from __future__ import annotations

import json
from functools import lru_cache
from pathlib import Path
from dataclasses import dataclass, field
from typing import Mapping

from codegym.sandbox import ExecResult, Sandbox

TEST_DIR = "_codegym_tests"


SANDBOXED = Path(__file__).with_name("verdict") / "sandboxed"
JUDGE_PARTS = ("wire.py", "link.py", "handles.py", "judge.py")
WORKER_PARTS = ("wire.py", "worker.py")
REPORT_LIMIT_BYTES = 8 << 20
OUTCOMES = frozenset({"passed", "failed", "skipped", "error"})


def _joined(parts: tuple[str, ...]) -> str:
    return "\n\n".join((SANDBOXED / part).read_text(encoding="utf-8") for part in parts)


@lru_cache(maxsize=1)
def harness_source() -> str:
    """The judge's source (sent as the job), see codegym/verdict/sandboxed/judge.py."""
    return _joined(JUDGE_PARTS)


@lru_cache(maxsize=1)
def worker_source() -> str:
    """The worker's source (the judge starts it as a fresh interpreter)."""
    return _joined(WORKER_PARTS)


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
    return TestReport(
        outcomes=outcomes, messages=messages, collect_errors=collect_errors + _strings(final.get("collect_errors")),
        exit_code=int(exit_code), duration_s=result.duration_s, timed_out=result.timed_out, output_tail=tail,
        solution_output=output[-2000:] if isinstance(output, str) else "",
    )


def run_tests(sandbox: Sandbox, solution_files: Mapping[str, str], test_files: Mapping[str, str], *,
              timeout: float = 120.0, per_test_timeout: float = 10.0, fresh: bool = True,
              engine: str = "auto", stop_at_first_failure: bool = False) -> TestReport:
    """Run ``test_files`` against ``solution_files`` through the trusted harness.

    With ``fresh`` the workspace is emptied first, so nothing an earlier job left can
    influence the run; only the solution files are written. The tests travel on the
    job's stdin and never touch the workspace. ``engine`` is ``auto`` (the lean engine,
    falling back to pytest.main for tests it does not support) or ``pytest``. With
    ``stop_at_first_failure`` the run ends at the first failing test (the rest count as
    failed): enough to know a candidate is wrong, at a fraction of the cost.
    """
    if fresh:
        sandbox.reset(clear_snapshot=True)
    sandbox.write_files(dict(solution_files))
    spec = {
        "tests": {name: text for name, text in test_files.items() if name.endswith(".py")},
        "modules": module_names(solution_files),
        "per_test_timeout": per_test_timeout,
        "worker_source": worker_source(),
        "engine": engine,
        "exitfirst": stop_at_first_failure,
    }
    result = sandbox.run_python(harness_source(), timeout=timeout, stdin=json.dumps(spec),
                                env={"PYTEST_DISABLE_PLUGIN_AUTOLOAD": "1"}, report_channel=True)
    return parse_report(result)

"""Running tests in a sandbox through the trusted harness.

Every run goes through the trusted harness (``codegym/verdict/sandboxed/``, sent as the
job's source): a judge process runs the tests and evaluates every assertion while the
agent's code runs only in a worker, a fresh interpreter the judge starts; the tests
travel on the job's stdin. The judge writes its report to a private channel (fd 3): the
collected test ids before any agent code runs, then each test's outcome. A test that
never reported is a failure, and so is every test of a run whose report is missing or
broken. See docs/INTEGRITY.md.

Example:
    >>> from codegym.verdict import run_tests
    >>> report = run_tests(sb, {"solution.py": src}, task.hidden_tests)  # doctest: +SKIP
    >>> report.passed, report.total  # doctest: +SKIP
    (7, 7)
"""

from __future__ import annotations

import json
from functools import lru_cache
from pathlib import Path
from typing import Mapping

from codegym.sandbox import Sandbox
from codegym.verdict.report import TestReport, module_names, parse_report

SANDBOXED = Path(__file__).with_name("sandboxed")
JUDGE_PARTS = ("wire.py", "link.py", "handles.py", "judge.py")
WORKER_PARTS = ("wire.py", "worker.py")


def _joined(parts: tuple[str, ...]) -> str:
    return "\n\n".join((SANDBOXED / part).read_text(encoding="utf-8") for part in parts)


@lru_cache(maxsize=1)
def harness_source() -> str:
    """The judge's source (sent as the job), see codegym/verdict/sandboxed/judge.py; the
    worker's source rides in it as ``WORKER_SOURCE`` (the runner keeps judge sources, so
    neither crosses the channel again)."""
    return f"WORKER_SOURCE = {worker_source()!r}\n\n" + _joined(JUDGE_PARTS)


@lru_cache(maxsize=1)
def worker_source() -> str:
    """The worker's source (the judge starts it as a fresh interpreter)."""
    return _joined(WORKER_PARTS)


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
    spec = {
        "tests": {name: text for name, text in test_files.items() if name.endswith(".py")},
        "modules": module_names(solution_files),
        "per_test_timeout": per_test_timeout,
        "engine": engine,
        "exitfirst": stop_at_first_failure,
    }
    job = {"timeout": timeout, "stdin": json.dumps(spec), "env": {"PYTEST_DISABLE_PLUGIN_AUTOLOAD": "1"},
           "report_channel": True}
    if fresh:
        result = sandbox.run_python_on(dict(solution_files), harness_source(), **job)
    else:
        sandbox.write_files(dict(solution_files))
        result = sandbox.run_python(harness_source(), **job)
    return parse_report(result)

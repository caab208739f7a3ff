"""Checking tasks in the sandbox: the reference passes every test; the start fails a hidden one."""

from __future__ import annotations

import time
from dataclasses import dataclass, replace
from typing import Callable, Iterable

from codegym.sandbox import Sandbox
from codegym.tasks.model import Task
from codegym.verdict import TestReport, run_tests


@dataclass(frozen=True)
class TaskCheck:
    """Validation outcome of one task."""

    task_id: str
    reference: TestReport
    start: TestReport
    seconds: float

    @property
    def reference_ok(self) -> bool:
        return self.reference.all_passed

    @property
    def start_fails(self) -> bool:
        """The starting files fail at least one hidden test (and the tests themselves load)."""
        return not self.start.infra_error and not self.start.all_passed

    @property
    def ok(self) -> bool:
        return self.reference_ok and self.start_fails

    def problems(self) -> list[str]:
        found = []
        if not self.reference_ok:
            found.append(f"reference fails its tests ({self.reference.summary()}): {self.reference.failure_text(600)}")
        if not self.start_fails:
            found.append("starting files pass every hidden test; make the start incomplete or buggy")
        return found


def check_task(sandbox: Sandbox, task: Task) -> TaskCheck:
    """Run the reference against visible + hidden tests and the start against hidden tests,
    under the task's per-test limit (so a limit fitted too tight shows up as a failing reference)."""
    started = time.monotonic()
    reference = run_tests(sandbox, task.reference, task.hidden_tests, per_test_timeout=task.test_limit_s("hidden"))
    if task.visible_tests:
        visible = run_tests(sandbox, task.reference, task.visible_tests, per_test_timeout=task.test_limit_s("visible"))
        reference = replace(reference, outcomes={**visible.outcomes, **reference.outcomes},
                            messages={**visible.messages, **reference.messages},
                            collect_errors=visible.collect_errors + reference.collect_errors,
                            timed_out=visible.timed_out or reference.timed_out,
                            duration_s=visible.duration_s + reference.duration_s)
    start = run_tests(sandbox, task.files, task.hidden_tests, per_test_timeout=task.test_limit_s("hidden"))
    return TaskCheck(task.id, reference, start, time.monotonic() - started)


def check_tasks(sandbox: Sandbox, tasks: Iterable[Task], progress: Callable[[TaskCheck], None] | None = None) -> list[TaskCheck]:
    checks = []
    for task in tasks:
        check = check_task(sandbox, task)
        checks.append(check)
        if progress:
            progress(check)
    return checks

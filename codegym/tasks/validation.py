"""Checking tasks in the sandbox: the reference passes every test; the start fails a hidden one."""

from __future__ import annotations

import time
from dataclasses import dataclass
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
    """Run the reference against visible + hidden tests and the start against hidden tests."""
    started = time.monotonic()
    per_test = max(task.timeout_s, 1.0)
    reference = run_tests(sandbox, task.reference, {**task.visible_tests, **task.hidden_tests}, per_test_timeout=per_test)
    start = run_tests(sandbox, task.files, task.hidden_tests, per_test_timeout=per_test)
    return TaskCheck(task.id, reference, start, time.monotonic() - started)


def check_tasks(sandbox: Sandbox, tasks: Iterable[Task], progress: Callable[[TaskCheck], None] | None = None) -> list[TaskCheck]:
    checks = []
    for task in tasks:
        check = check_task(sandbox, task)
        checks.append(check)
        if progress:
            progress(check)
    return checks

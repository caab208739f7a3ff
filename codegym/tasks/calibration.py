"""Measuring each task's reference times, to which its per-test limits are fitted.

For each suite (visible, hidden) ``reference_s`` records the time the reference's slowest
test of that suite took, the largest over ``repeats`` runs under the task's ceiling
``timeout_s`` (the largest of several keeps the limits on the safe side of a noisy
machine). When the harness did not time tests one by one (the pytest fallback engine),
the whole run's wall time stands in: it bounds any one test's. See
:mod:`codegym.tasks.limits` for how a limit follows from it.

Example:
    >>> from codegym.sandbox import make_sandbox
    >>> with make_sandbox() as sb:  # doctest: +SKIP
    ...     measure_reference(sb, codegym.tasks.get("builtin/two_sum"))
    {'visible': 0.004, 'hidden': 0.061}
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Callable, Iterable, Mapping

from codegym.errors import TaskError
from codegym.sandbox import Sandbox
from codegym.tasks.model import Task
from codegym.verdict import run_tests


def measure_reference(sandbox: Sandbox, task: Task, repeats: int = 3) -> dict[str, float]:
    """``{suite: seconds of the reference's slowest test}`` for the task's visible and hidden tests.

    Raises :class:`TaskError` when the reference does not pass (a limit fitted to a failing run means nothing).
    """
    times = {}
    for suite, tests in (("visible", task.visible_tests), ("hidden", task.hidden_tests)):
        if not tests:
            continue
        slowest = 0.0
        for _ in range(max(1, repeats)):
            report = run_tests(sandbox, task.reference, tests, per_test_timeout=max(task.timeout_s, 1.0))
            if not report.all_passed:
                raise TaskError(f"{task.id}: the reference does not pass its {suite} tests ({report.summary()}); "
                                f"fix the task before calibrating it: {report.failure_text(300)}")
            slowest = max(slowest, report.slowest_test_s or report.duration_s)
        times[suite] = round(max(slowest, 1e-4), 4)
    return times


def measure_references(sandbox: Sandbox, tasks: Iterable[Task], repeats: int = 3,
                       progress: Callable[[str, Mapping[str, float]], None] | None = None) -> dict[str, dict[str, float]]:
    """``{task id: {suite: seconds}}`` for ``tasks`` (see :func:`measure_reference`)."""
    times = {}
    for task in tasks:
        times[task.id] = measure_reference(sandbox, task, repeats)
        if progress:
            progress(task.id, times[task.id])
    return times


def write_times(path: Path, times: Mapping[str, Mapping[str, float]], machine: str) -> None:
    """Merge ``times`` into the JSON file at ``path`` (other tasks' times are kept)."""
    data = json.loads(path.read_text(encoding="utf-8")) if path.is_file() else {}
    merged = {**data.get("reference_s", {}), **{k: dict(v) for k, v in times.items()}}
    doc = {
        "about": "Seconds the slowest visible and hidden test of each task's reference took (largest of several "
                 "runs), written by `codegym tasks calibrate SOURCE --write`; per-test limits are fitted to them "
                 "(codegym/tasks/limits.py).",
        "machine": machine,
        "reference_s": dict(sorted(merged.items())),
    }
    path.write_text(json.dumps(doc, indent=1) + "\n", encoding="utf-8")

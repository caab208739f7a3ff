"""Per-test time limits fitted to each task: a multiple of its reference solution's measured time.

A task's ``timeout_s`` is its ceiling; its ``reference_s`` (the time the reference
solution's slowest test took, per suite: visible and hidden, measured by ``codegym tasks
calibrate`` and recorded with the task) fits each suite's limit below it, so a program that loops costs a fraction of a
second on a fast task instead of the ceiling. A test that overruns is a failed test.

Example:
    >>> fitted_limit(reference_s=0.02, timeout_s=10.0)
    0.5
    >>> fitted_limit(reference_s=0.2, timeout_s=10.0)
    5.0
    >>> fitted_limit(reference_s=None, timeout_s=10.0)
    10.0
"""

from __future__ import annotations

import json
from functools import lru_cache
from pathlib import Path
from typing import Mapping

#: The limit is this multiple of the reference's slowest test (headroom for a machine loaded ~10x over its cores).
MULTIPLE = 25.0
#: ... and never below this many seconds (worker start and a loaded machine's jitter fit well inside).
FLOOR_S = 0.5
#: The smallest ceiling a task may set (``timeout_s`` below it is raised to it).
MIN_TIMEOUT_S = 1.0


def fitted_limit(reference_s: float | None, timeout_s: float) -> float:
    """Seconds each test of a task may take: ``MULTIPLE`` × its reference time, at least ``FLOOR_S``, at most its ceiling."""
    ceiling = max(float(timeout_s), MIN_TIMEOUT_S)
    if reference_s is None or reference_s <= 0:
        return ceiling
    return round(min(ceiling, max(FLOOR_S, MULTIPLE * float(reference_s))), 3)


def times_file() -> Path:
    """The recorded reference times of the shipped task sources (``codegym tasks calibrate --write``)."""
    import codegym_tasks

    return Path(codegym_tasks.__file__).with_name("reference_times.json")


@lru_cache(maxsize=1)
def recorded_times() -> Mapping[str, Mapping[str, float]]:
    """``{task id: {suite: seconds}}`` as recorded for the shipped sources (empty when never calibrated)."""
    path = times_file()
    if not path.is_file():
        return {}
    data = json.loads(path.read_text(encoding="utf-8"))
    return {str(k): {str(s): float(t) for s, t in v.items()} for k, v in data.get("reference_s", {}).items()}

"""Loading task sets from the ``codegym.tasks`` plugins.

Example:
    >>> import codegym.tasks
    >>> ts = codegym.tasks.load("builtin")  # doctest: +SKIP
    >>> ts.get("builtin/two_sum").difficulty  # doctest: +SKIP
    2
"""

from __future__ import annotations


from codegym import plugins
from codegym.errors import PluginError, TaskError
from codegym.tasks.taskset import TaskSet

GROUP = "codegym.tasks"


def sources() -> list[str]:
    """Names of the installed task sources."""
    return plugins.names(GROUP)


def _freeze(options: dict) -> tuple:
    return tuple(sorted((k, repr(v)) for k, v in options.items()))


def load(source: str, **options) -> TaskSet:
    """The TaskSet of source ``source`` built with ``options`` (cached per arguments)."""
    if not isinstance(source, str):
        raise TaskError(f"task source must be a name such as 'builtin', got {source!r}")
    return _load(source, _freeze(options), options)


def _load_uncached(source: str, options: dict) -> TaskSet:
    try:
        cls = plugins.load(GROUP, source)
    except PluginError as exc:
        raise TaskError(f"unknown task source {source!r}: {exc}") from None
    try:
        instance = cls(**options)
    except TypeError as exc:
        raise TaskError(f"task source {source!r} does not accept options {sorted(options)}: {exc}") from None
    return with_recorded_times(instance.load())


def with_recorded_times(tasks: TaskSet) -> TaskSet:
    """``tasks`` with the recorded reference time filled in where a task carries none.

    Mutants and other derived tasks name their base in ``meta["base_task"]`` and share its tests,
    so they take the base's time.
    """
    from dataclasses import replace

    from codegym.tasks.limits import recorded_times

    times = recorded_times()
    if not times:
        return tasks
    filled = []
    changed = False
    for task in tasks:
        seconds = times.get(task.id, times.get(str(task.meta.get("base_task", ""))))
        if task.reference_s is None and seconds is not None:
            task = replace(task, reference_s=seconds)
            changed = True
        filled.append(task)
    return TaskSet(filled, name=tasks.name) if changed else tasks


_cache: dict[tuple, TaskSet] = {}


def _load(source: str, key: tuple, options: dict) -> TaskSet:
    full_key = (source, key)
    if full_key not in _cache:
        _cache[full_key] = _load_uncached(source, options)
    return _cache[full_key]


def get(task_id: str) -> "object":
    """The task with a full id such as ``builtin/two_sum`` (its source is the prefix)."""
    source = task_id.split("/", 1)[0]
    return load(source).get(task_id)

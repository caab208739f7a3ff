"""Tasks: the task model, task-folder loading, TaskSet, the task sources, curriculum and validation.

* :mod:`~codegym.tasks.model` — :class:`Task` (and its parts), :func:`load_task_dir`.
* :mod:`~codegym.tasks.taskset` — :class:`TaskSet`: get, filter, hash-based splits.
* :mod:`~codegym.tasks.loading` — :func:`load` / :func:`get` through the ``codegym.tasks`` plugins.
* :mod:`~codegym.tasks.sources` — builtin (the ``codegym_tasks`` data pack), humaneval, mutations.
* :mod:`~codegym.tasks.curriculum` — uniform, fixed-difficulty and adaptive samplers.
* :mod:`~codegym.tasks.validation` — the reference passes every test; the start fails a hidden one.

Example:
    >>> from codegym.tasks import Task, TaskSet, get, load
    >>> load("builtin").get("builtin/two_sum").difficulty  # doctest: +SKIP
    2
"""

from codegym.tasks.loading import GROUP, get, load, sources
from codegym.tasks.model import Task, TaskPart, load_task_dir
from codegym.tasks.taskset import TaskSet

__all__ = ["GROUP", "Task", "TaskPart", "TaskSet", "get", "load", "load_task_dir", "sources"]

"""Which tasks an episode may draw, and drawing one: task sets from user specs, reset options.

Example:
    >>> ts = resolve_tasks(["builtin/two_sum"], default="builtin")  # doctest: +SKIP
    >>> choose_task(ts, curriculum, rng, {"task_id": "builtin/two_sum"}).id  # doctest: +SKIP
    'builtin/two_sum'
"""

from __future__ import annotations

from typing import Any, Mapping, Sequence

import numpy as np

import codegym.tasks
from codegym.errors import ConfigError, TaskError
from codegym.tasks import Task, TaskSet
from codegym.tasks.curriculum import Curriculum

#: The options ``reset(options=...)`` accepts.
RESET_OPTIONS = ("task_id",)


def resolve_tasks(tasks: str | TaskSet | Sequence[str] | Mapping | None, default: str) -> TaskSet:
    """A TaskSet from a source name, a TaskSet, a list of task ids, or ``{"source": ..., **options}``."""
    if tasks is None:
        tasks = default
    if isinstance(tasks, TaskSet):
        chosen = tasks
    elif isinstance(tasks, str):
        chosen = codegym.tasks.load(tasks)
    elif isinstance(tasks, Mapping):
        options = dict(tasks)
        source = options.pop("source", default)
        split = options.pop("split", None)
        difficulty = options.pop("difficulty", None)
        chosen = codegym.tasks.load(source, **options)
        if split:
            chosen = chosen.split(split)
        if difficulty is not None:
            chosen = chosen.filter(difficulty=difficulty)
    elif isinstance(tasks, Sequence) and all(isinstance(t, str) for t in tasks):
        chosen = TaskSet([codegym.tasks.get(t) for t in tasks], name="selected")
    else:
        raise ConfigError(f"tasks= must be a source name, a TaskSet, a list of task ids or a dict, got {tasks!r}")
    if len(chosen) == 0:
        raise ConfigError(f"tasks={tasks!r} selects no task")
    return chosen


def choose_task(taskset: TaskSet, curriculum: Curriculum, rng: np.random.Generator, options: Any) -> Task:
    """The task of a new episode: ``options["task_id"]`` when given, else the curriculum's draw."""
    if options is None:
        return curriculum.sample(rng)
    if not isinstance(options, dict):
        raise ConfigError(f"reset options must be a dict such as {{'task_id': 'builtin/two_sum'}}, got {options!r}")
    unknown = set(options) - set(RESET_OPTIONS)
    if unknown:
        raise ConfigError(f"unknown reset option(s) {sorted(unknown)}; the only option is 'task_id'")
    if "task_id" not in options:
        return curriculum.sample(rng)
    task_id = options["task_id"]
    if task_id in taskset:
        return taskset.get(task_id)
    try:
        return codegym.tasks.get(task_id)
    except (TaskError, AttributeError) as exc:
        raise TaskError(f"reset(options={{'task_id': {task_id!r}}}): {exc}") from None

"""TaskSet: an ordered, filterable collection of tasks with deterministic splits."""

from __future__ import annotations

import hashlib
from typing import Iterable, Iterator, Sequence

from codegym.errors import TaskError
from codegym.tasks.model import Task

SPLITS = ("train", "validation", "test")


def split_of(task_id: str, fractions: Sequence[float] = (0.8, 0.1, 0.1), salt: str = "codegym-split-v1") -> str:
    """The split a task id belongs to: a stable hash, independent of the set around it.

    Example:
        >>> split_of("builtin/two_sum") in SPLITS
        True
    """
    bucket = int.from_bytes(hashlib.sha256(f"{salt}:{task_id}".encode()).digest()[:8], "big") / 2**64
    edge = 0.0
    for name, fraction in zip(SPLITS, fractions):
        edge += fraction
        if bucket < edge:
            return name
    return SPLITS[-1]


class TaskSet:
    """Tasks by id, in a stable order.

    Example:
        >>> import codegym.tasks
        >>> ts = codegym.tasks.load("builtin")  # doctest: +SKIP
        >>> len(ts.filter(difficulty=1))  # doctest: +SKIP
        14
    """

    def __init__(self, tasks: Iterable[Task], name: str = "tasks") -> None:
        self.name = name
        self._tasks: dict[str, Task] = {}
        for task in tasks:
            if task.id in self._tasks:
                raise TaskError(f"task {task.id!r} appears twice in {name!r}; task ids must be unique")
            self._tasks[task.id] = task

    def __len__(self) -> int:
        return len(self._tasks)

    def __iter__(self) -> Iterator[Task]:
        return iter(self._tasks.values())

    def __getitem__(self, index: int) -> Task:
        return list(self._tasks.values())[index]

    def __contains__(self, task_id: object) -> bool:
        return task_id in self._tasks

    @property
    def ids(self) -> list[str]:
        return list(self._tasks)

    def get(self, task_id: str) -> Task:
        """The task with this id; a TaskError names close matches when there is none."""
        try:
            return self._tasks[task_id]
        except KeyError:
            import difflib

            close = difflib.get_close_matches(str(task_id), self._tasks, n=3)
            hint = f"; did you mean {close}?" if close else f"; {len(self)} tasks are in {self.name!r}"
            raise TaskError(f"no task {task_id!r}{hint}") from None

    def filter(self, difficulty: int | Iterable[int] | None = None, tags: Iterable[str] | None = None,
               ids: Iterable[str] | None = None) -> "TaskSet":
        """Tasks of the given difficulty (or difficulties), having all ``tags``, or among ``ids``."""
        levels = {difficulty} if isinstance(difficulty, int) else set(difficulty) if difficulty is not None else None
        wanted_tags = set(tags or ())
        id_set = set(ids) if ids is not None else None
        if id_set is not None:
            for task_id in id_set:
                self.get(task_id)
        chosen = [
            t for t in self
            if (levels is None or t.difficulty in levels)
            and wanted_tags <= set(t.tags)
            and (id_set is None or t.id in id_set)
        ]
        return TaskSet(chosen, name=f"{self.name}[filtered]")

    def split(self, name: str, fractions: Sequence[float] = (0.8, 0.1, 0.1)) -> "TaskSet":
        """The ``train`` / ``validation`` / ``test`` part, fixed per task id (hash based)."""
        if name not in SPLITS:
            raise TaskError(f"unknown split {name!r}; use one of {list(SPLITS)}")
        if len(fractions) != 3 or abs(sum(fractions) - 1.0) > 1e-9 or min(fractions) < 0:
            raise TaskError(f"split fractions must be three non-negative numbers summing to 1, got {fractions}")
        return TaskSet([t for t in self if split_of(t.id, fractions) == name], name=f"{self.name}:{name}")

    def difficulties(self) -> dict[int, int]:
        """Task count per difficulty level."""
        counts: dict[int, int] = {}
        for task in self:
            counts[task.difficulty] = counts.get(task.difficulty, 0) + 1
        return dict(sorted(counts.items()))

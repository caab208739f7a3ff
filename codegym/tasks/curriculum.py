"""Difficulty-aware task sampling, driven by the env's ``np_random``.

Example:
    >>> import numpy as np
    >>> from codegym.tasks.curriculum import make_curriculum
    >>> c = make_curriculum("uniform", tasks)  # doctest: +SKIP
    >>> c.sample(np.random.default_rng(0)).id  # doctest: +SKIP
    'builtin/fizzbuzz'
"""

from __future__ import annotations

from abc import ABC, abstractmethod
from collections import deque
from typing import Any

import numpy as np

from codegym.errors import ConfigError
from codegym.tasks.model import Task
from codegym.tasks.taskset import TaskSet


class Curriculum(ABC):
    """Chooses the next task. ``update`` hears each finished episode's outcome."""

    name = "curriculum"

    def __init__(self, tasks: TaskSet) -> None:
        if len(tasks) == 0:
            raise ConfigError("the curriculum got an empty task set; check the tasks= / filter arguments")
        self.tasks = tasks

    @abstractmethod
    def sample(self, rng: np.random.Generator) -> Task:
        """The next task, drawn with ``rng`` only (so a seeded env replays)."""

    def update(self, task: Task, solved: bool) -> None:
        """Called when an episode on ``task`` ends."""

    def info(self) -> dict[str, Any]:
        """What to put in the env's ``info["curriculum"]``."""
        return {"name": self.name}


class UniformCurriculum(Curriculum):
    """Every task equally likely."""

    name = "uniform"

    def sample(self, rng: np.random.Generator) -> Task:
        return self.tasks[int(rng.integers(len(self.tasks)))]


class FixedDifficulty(Curriculum):
    """Uniform over the tasks of one difficulty level."""

    name = "fixed"

    def __init__(self, tasks: TaskSet, difficulty: int) -> None:
        super().__init__(tasks)
        self.level = int(difficulty)
        self.pool = tasks.filter(difficulty=self.level)
        if len(self.pool) == 0:
            raise ConfigError(f"no task of difficulty {difficulty}; available levels: {tasks.difficulties()}")

    def sample(self, rng: np.random.Generator) -> Task:
        return self.pool[int(rng.integers(len(self.pool)))]

    def info(self) -> dict[str, Any]:
        return {"name": self.name, "level": self.level}


class AdaptiveCurriculum(Curriculum):
    """Starts at the easiest level; moves up when the recent solve rate passes ``promote_at``
    and down when it falls under ``demote_at`` (over the last ``window`` episodes of the level)."""

    name = "adaptive"

    def __init__(self, tasks: TaskSet, promote_at: float = 0.8, demote_at: float = 0.2, window: int = 20,
                 start_level: int | None = None) -> None:
        super().__init__(tasks)
        if not 0 <= demote_at < promote_at <= 1:
            raise ConfigError(f"need 0 <= demote_at < promote_at <= 1, got {demote_at}, {promote_at}")
        if window < 1:
            raise ConfigError(f"window must be >= 1, got {window}")
        self.levels = sorted(tasks.difficulties())
        self.level = start_level if start_level is not None else self.levels[0]
        if self.level not in self.levels:
            raise ConfigError(f"start_level {start_level} has no tasks; levels are {self.levels}")
        self.promote_at, self.demote_at, self.window = promote_at, demote_at, window
        self.recent: deque[bool] = deque(maxlen=window)
        self._pools = {lvl: tasks.filter(difficulty=lvl) for lvl in self.levels}

    def sample(self, rng: np.random.Generator) -> Task:
        pool = self._pools[self.level]
        return pool[int(rng.integers(len(pool)))]

    def update(self, task: Task, solved: bool) -> None:
        if task.difficulty != self.level:
            return
        self.recent.append(bool(solved))
        if len(self.recent) < self.window:
            return
        rate = sum(self.recent) / len(self.recent)
        index = self.levels.index(self.level)
        if rate >= self.promote_at and index + 1 < len(self.levels):
            self.level = self.levels[index + 1]
            self.recent.clear()
        elif rate <= self.demote_at and index > 0:
            self.level = self.levels[index - 1]
            self.recent.clear()

    def info(self) -> dict[str, Any]:
        rate = sum(self.recent) / len(self.recent) if self.recent else 0.0
        return {"name": self.name, "level": self.level, "recent_solve_rate": rate, "window_filled": len(self.recent)}


CURRICULA = {"uniform": UniformCurriculum, "fixed": FixedDifficulty, "adaptive": AdaptiveCurriculum}


def make_curriculum(spec: str | dict | Curriculum | None, tasks: TaskSet) -> Curriculum:
    """A curriculum from a name, ``{"name": ..., **options}``, or an instance."""
    if isinstance(spec, Curriculum):
        return spec
    if spec is None:
        spec = "uniform"
    options: dict = {}
    if isinstance(spec, dict):
        options = dict(spec)
        spec = options.pop("name", None)
    if spec not in CURRICULA:
        raise ConfigError(f"unknown curriculum {spec!r}; choose one of {sorted(CURRICULA)} or pass a Curriculum")
    try:
        return CURRICULA[spec](tasks, **options)
    except TypeError as exc:
        raise ConfigError(f"curriculum {spec!r}: bad options {sorted(options)}: {exc}") from None

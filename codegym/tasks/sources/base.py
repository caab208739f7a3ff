"""The TaskSource contract."""

from __future__ import annotations

from abc import ABC, abstractmethod

from codegym.tasks.taskset import TaskSet


class TaskSource(ABC):
    """Produces a TaskSet. Subclasses take their options as keyword arguments.

    Example:
        >>> class Mine(TaskSource):
        ...     name = "mine"
        ...     def load(self):
        ...         return TaskSet([], name=self.name)
        >>> len(Mine().load())
        0
    """

    name: str = "source"
    description: str = ""

    @abstractmethod
    def load(self) -> TaskSet:
        """Build (or read) the tasks."""

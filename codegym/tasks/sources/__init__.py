"""Task sources: plugins of the ``codegym.tasks`` entry-point group.

A source is a class whose instances are built with keyword options and whose
``load()`` returns a :class:`~codegym.tasks.taskset.TaskSet`.
"""

from codegym.tasks.sources.base import TaskSource

__all__ = ["TaskSource"]

"""The builtin task pack: hand-written tasks in the top-level ``taskpacks/builtin/`` folder."""

from __future__ import annotations

from importlib import resources
from pathlib import Path

from codegym.errors import TaskError
from codegym.tasks.sources.base import TaskSource
from codegym.tasks.model import load_task_dir
from codegym.tasks.taskset import TaskSet


def pack_root() -> Path:
    """Where the builtin pack is installed (inside the wheel, or the checkout when editable)."""
    root = Path(str(resources.files("codegym_tasks"))) / "builtin"
    if not root.is_dir():
        raise TaskError(f"the builtin task pack is missing at {root}; reinstall codegym")
    return root


class BuiltinSource(TaskSource):
    """Every folder of ``taskpacks/builtin``; ``path=`` points at another pack of the same format."""

    name = "builtin"
    description = "hand-written Python tasks, difficulty 1-5, with hidden tests"

    def __init__(self, path: str | Path | None = None, source_name: str = "builtin") -> None:
        self.root = Path(path) if path is not None else None
        self.source_name = source_name

    def load(self) -> TaskSet:
        root = self.root or pack_root()
        if not root.is_dir():
            raise TaskError(f"task pack folder {root} does not exist")
        folders = sorted(p for p in root.iterdir() if p.is_dir() and not p.name.startswith(("_", ".")))
        return TaskSet((load_task_dir(p, self.source_name) for p in folders), name=self.source_name)

"""The Task model and loading/validation of a task folder.

A task folder holds::

    task.toml                 name, statement, difficulty (1-5), tags, entry_points, limits, [[parts]]
    start/…                   starting files the agent edits
    reference/…               the reference solution
    tests/visible/test_*.py   tests the agent may run
    tests/hidden/test_*.py    tests used only for the final verdict

Loading validates everything and names the task, the file and the field at fault.

Example:
    >>> from codegym.tasks.model import load_task_dir
    >>> task = load_task_dir("taskpacks/builtin/two_sum")  # doctest: +SKIP
    >>> task.id, task.difficulty  # doctest: +SKIP
    ('builtin/two_sum', 2)
"""

from __future__ import annotations

import ast
import sys
from dataclasses import dataclass, field, replace
from pathlib import Path
from types import MappingProxyType
from typing import Any, Mapping

from codegym.errors import TaskError

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover
    import tomli as tomllib

DIFFICULTIES = (1, 2, 3, 4, 5)
REQUIRED_FIELDS = ("name", "statement", "difficulty", "tags", "entry_points")


@dataclass(frozen=True)
class TaskPart:
    """One sub-goal of a multi-part task, with its own tests (``test_<name>.py``)."""

    name: str
    entry_point: str
    statement: str


@dataclass(frozen=True, eq=False)
class Task:
    """One coding task. Files are ``{relative path: text}`` mappings (read-only)."""

    id: str
    statement: str
    files: Mapping[str, str]
    visible_tests: Mapping[str, str]
    hidden_tests: Mapping[str, str]
    reference: Mapping[str, str]
    difficulty: int
    tags: tuple[str, ...]
    entry_points: tuple[str, ...]
    timeout_s: float = 10.0
    memory_mb: int = 256
    parts: tuple[TaskPart, ...] = ()
    meta: Mapping[str, Any] = field(default_factory=dict)
    #: Seconds the reference's slowest test took per suite, ``{"visible": s, "hidden": s}``, measured by
    #: ``codegym tasks calibrate`` (None, or a missing suite: never measured).
    reference_s: Mapping[str, float] | None = None

    def __post_init__(self) -> None:
        for name in ("files", "visible_tests", "hidden_tests", "reference", "meta"):
            object.__setattr__(self, name, MappingProxyType(dict(getattr(self, name))))
        if self.reference_s is not None:
            object.__setattr__(self, "reference_s", MappingProxyType(dict(self.reference_s)))

    @property
    def source(self) -> str:
        return self.id.split("/", 1)[0]

    @property
    def name(self) -> str:
        return self.id.split("/", 1)[-1]

    def test_limit_s(self, suite: str = "hidden") -> float:
        """Seconds each test of ``suite`` (visible or hidden) may take: fitted to the reference's
        slowest test of that suite, below the ceiling ``timeout_s`` (see :mod:`codegym.tasks.limits`).

        Example:
            >>> codegym.tasks.get("builtin/two_sum").test_limit_s("visible")  # doctest: +SKIP
            0.5
        """
        from codegym.tasks.limits import fitted_limit

        if suite not in ("visible", "hidden"):
            raise TaskError(f"suite must be 'visible' or 'hidden', got {suite!r}")
        return fitted_limit((self.reference_s or {}).get(suite), self.timeout_s)

    @property
    def solution_paths(self) -> tuple[str, ...]:
        """The files the agent is meant to change (those of the reference)."""
        return tuple(sorted(self.reference))

    def __copy__(self) -> "Task":
        return self  # immutable: copies are the same task

    def __deepcopy__(self, memo: dict) -> "Task":
        return self

    def with_updates(self, **changes: Any) -> "Task":
        """A copy with some fields changed (used by generators such as ``mutations``)."""
        return replace(self, **changes)

    def __repr__(self) -> str:
        return f"Task({self.id!r}, difficulty={self.difficulty}, tags={list(self.tags)})"


def _fail(task_id: str, file: str, message: str) -> TaskError:
    return TaskError(f"task {task_id!r}: {file}: {message}")


def _read_tree(root: Path, task_id: str) -> dict[str, str]:
    files: dict[str, str] = {}
    if not root.is_dir():
        return files
    for path in sorted(p for p in root.rglob("*") if p.is_file() and "__pycache__" not in p.parts):
        rel = path.relative_to(root).as_posix()
        try:
            files[rel] = path.read_text(encoding="utf-8")
        except UnicodeDecodeError:
            raise _fail(task_id, str(path), "is not UTF-8 text; save it as UTF-8") from None
    return files


def check_python(task_id: str, label: str, files: Mapping[str, str]) -> None:
    """Raise a TaskError naming file and line for any Python file that does not parse."""
    for rel, text in files.items():
        if rel.endswith(".py"):
            try:
                ast.parse(text, filename=rel)
            except SyntaxError as exc:
                raise _fail(task_id, f"{label}/{rel}", f"syntax error at line {exc.lineno}: {exc.msg}; fix the file") from None


def _field(meta: dict, name: str, kind: type | tuple, task_id: str, file: str) -> Any:
    if name not in meta:
        raise _fail(task_id, file, f"missing required field {name!r}; add `{name} = …`")
    value = meta[name]
    if not isinstance(value, kind) or isinstance(value, bool) and kind is not bool:
        kinds = kind.__name__ if isinstance(kind, type) else " or ".join(k.__name__ for k in kind)
        raise _fail(task_id, file, f"field {name!r} must be {kinds}, got {type(value).__name__} {value!r}")
    return value


def _reference_times(value: object, task_id: str, file: str) -> dict[str, float] | None:
    """The optional ``reference_s = {visible = 0.01, hidden = 0.2}`` table of task.toml."""
    if value is None:
        return None
    if not isinstance(value, dict) or not value or not set(value) <= {"visible", "hidden"} or not all(
            isinstance(v, (int, float)) and not isinstance(v, bool) and v > 0 for v in value.values()):
        raise _fail(task_id, file, f"field 'reference_s' must be a table such as {{visible = 0.01, hidden = 0.2}} "
                                   f"of positive seconds (run `codegym tasks calibrate`), got {value!r}")
    return {str(k): float(v) for k, v in value.items()}


def load_task_dir(path: str | Path, source: str = "builtin") -> Task:
    """Load and validate one task folder; raises :class:`TaskError` naming what to fix."""
    root = Path(path)
    task_id = f"{source}/{root.name}"
    toml_path = root / "task.toml"
    if not toml_path.is_file():
        raise _fail(task_id, str(toml_path), "missing; every task folder needs a task.toml")
    try:
        meta = tomllib.loads(toml_path.read_text(encoding="utf-8"))
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as exc:
        raise _fail(task_id, str(toml_path), f"is not valid TOML: {exc}") from None
    file = str(toml_path)
    for name in REQUIRED_FIELDS:
        if name not in meta:
            raise _fail(task_id, file, f"missing required field {name!r}; add `{name} = …`")
    name = _field(meta, "name", str, task_id, file)
    if name != root.name:
        raise _fail(task_id, file, f"field 'name' is {name!r} but the folder is {root.name!r}; make them equal")
    statement = _field(meta, "statement", str, task_id, file).strip()
    if not statement:
        raise _fail(task_id, file, "field 'statement' is empty; describe the task")
    difficulty = _field(meta, "difficulty", int, task_id, file)
    if difficulty not in DIFFICULTIES:
        raise _fail(task_id, file, f"field 'difficulty' must be 1..5, got {difficulty}")
    tags = _field(meta, "tags", list, task_id, file)
    entry_points = _field(meta, "entry_points", list, task_id, file)
    for label, values in (("tags", tags), ("entry_points", entry_points)):
        if not values or not all(isinstance(v, str) and v for v in values):
            raise _fail(task_id, file, f"field {label!r} must be a non-empty list of strings")
    timeout_s = float(_field(meta, "timeout_s", (int, float), task_id, file)) if "timeout_s" in meta else 10.0
    memory_mb = int(_field(meta, "memory_mb", int, task_id, file)) if "memory_mb" in meta else 256
    reference_s = _reference_times(meta.get("reference_s"), task_id, file)

    files = _read_tree(root / "start", task_id)
    reference = _read_tree(root / "reference", task_id)
    visible = _read_tree(root / "tests" / "visible", task_id)
    hidden = _read_tree(root / "tests" / "hidden", task_id)
    for label, content in (("start", files), ("reference", reference), ("tests/hidden", hidden)):
        if not content:
            raise _fail(task_id, str(root / label), "is missing or empty; it must hold at least one file")
    missing = sorted(set(reference) - set(files))
    if missing:
        raise _fail(task_id, str(root / "start"), f"lacks {missing}, which the reference has; add starting versions")
    for label, content in (("start", files), ("reference", reference), ("tests/visible", visible), ("tests/hidden", hidden)):
        check_python(task_id, str(root / label), content)

    parts = []
    for index, raw in enumerate(meta.get("parts", [])):
        where = f"{file} [[parts]] #{index + 1}"
        if not isinstance(raw, dict):
            raise _fail(task_id, where, "must be a table with name, entry_point, statement")
        part = TaskPart(
            name=_field(raw, "name", str, task_id, where),
            entry_point=_field(raw, "entry_point", str, task_id, where),
            statement=_field(raw, "statement", str, task_id, where).strip(),
        )
        if f"test_{part.name}.py" not in hidden:
            raise _fail(task_id, where, f"part {part.name!r} needs tests/hidden/test_{part.name}.py")
        parts.append(part)
    return Task(
        id=task_id, statement=statement, files=files, visible_tests=visible, hidden_tests=hidden,
        reference=reference, difficulty=difficulty, tags=tuple(tags), entry_points=tuple(entry_points),
        timeout_s=timeout_s, memory_mb=memory_mb, parts=tuple(parts), reference_s=reference_s,
    )

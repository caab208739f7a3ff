"""Task folders: loading, and errors that name the task, the file and the fix."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

import codegym
import codegym.tasks
from codegym.errors import TaskError
from codegym.tasks.sources.builtin import BuiltinSource, pack_root
from codegym.tasks.model import load_task_dir
from codegym.tasks.validation import check_task


@pytest.fixture
def task_copy(tmp_path: Path) -> Path:
    target = tmp_path / "pack" / "balanced_brackets"
    shutil.copytree(pack_root() / "balanced_brackets", target)
    return target


def test_loads_a_builtin_task(task_copy):
    task = load_task_dir(task_copy)
    assert task.id == "builtin/balanced_brackets"
    assert task.difficulty in range(1, 6) and task.tags and task.entry_points
    assert set(task.files) == set(task.reference) == {"solution.py"}
    assert task.hidden_tests and task.visible_tests
    with pytest.raises(TypeError):
        task.files["solution.py"] = "x"  # read-only mapping


def test_missing_field_named(task_copy):
    toml = task_copy / "task.toml"
    toml.write_text("\n".join(l for l in toml.read_text().splitlines() if not l.startswith("difficulty")))
    with pytest.raises(TaskError, match=r"balanced_brackets.*task.toml.*'difficulty'"):
        load_task_dir(task_copy)


def test_bad_difficulty_named(task_copy):
    toml = task_copy / "task.toml"
    toml.write_text(toml.read_text().replace("difficulty = 2", "difficulty = 9"))
    with pytest.raises(TaskError, match="difficulty.*1..5"):
        load_task_dir(task_copy)


def test_syntax_error_in_test_named_with_line(task_copy):
    hidden = task_copy / "tests" / "hidden" / "test_hidden.py"
    hidden.write_text(hidden.read_text() + "\ndef broken(:\n")
    with pytest.raises(TaskError, match=r"balanced_brackets.*tests/hidden/test_hidden.py.*line \d+"):
        load_task_dir(task_copy)


def test_reference_failing_its_tests_is_reported(task_copy):
    (task_copy / "reference" / "solution.py").write_text((task_copy / "start" / "solution.py").read_text())
    task = load_task_dir(task_copy)
    with codegym.make_sandbox() as sb:
        check = check_task(sb, task)
    assert not check.ok and not check.reference_ok
    assert "reference fails its tests" in check.problems()[0]


def test_start_passing_everything_is_reported(task_copy):
    (task_copy / "start" / "solution.py").write_text((task_copy / "reference" / "solution.py").read_text())
    with codegym.make_sandbox() as sb:
        check = check_task(sb, load_task_dir(task_copy))
    assert check.reference_ok and not check.start_fails
    assert "pass every hidden test" in check.problems()[0]


def test_unknown_source_named():
    with pytest.raises(TaskError, match=r"unknown task source 'nope'.*builtin.*humaneval"):
        codegym.tasks.load("nope")


def test_name_mismatch_and_missing_toml(task_copy, tmp_path):
    renamed = task_copy.parent / "other_name"
    task_copy.rename(renamed)
    with pytest.raises(TaskError, match="make them equal"):
        load_task_dir(renamed)
    (renamed / "task.toml").unlink()
    with pytest.raises(TaskError, match="needs a task.toml"):
        load_task_dir(renamed)


def test_custom_pack_path(task_copy):
    ts = BuiltinSource(path=task_copy.parent, source_name="mine").load()
    assert ts.ids == ["mine/balanced_brackets"]


def test_tasks_survive_deepcopy_so_env_specs_can_be_copied():
    import copy

    import gymnasium as gym

    ts = codegym.tasks.load("builtin").filter(difficulty=1)
    assert copy.deepcopy(ts[0]) is ts[0] and copy.copy(ts[0]) is ts[0]
    env = gym.make("codegym/CodeGen-v4", tasks=ts)
    assert len(copy.deepcopy(env.spec).kwargs["tasks"]) == len(ts)
    env.close()

"""Per-test limits fitted to the reference's measured time: recorded, inherited, applied, never too tight."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import gymnasium as gym
import pytest

import codegym
import codegym.tasks
from codegym.cli import main as cli_main
from codegym.errors import TaskError
from codegym.tasks import limits
from codegym.tasks.calibration import measure_reference
from codegym.tasks.model import load_task_dir
from codegym.tasks.sources.builtin import pack_root
from codegym.verdict import run_tests

LOOP = "def is_balanced(s):\n    while True:\n        pass\n"


def test_fitted_limit_is_a_multiple_with_a_floor_under_the_ceiling():
    assert limits.fitted_limit(0.001, 10.0) == limits.FLOOR_S
    assert limits.fitted_limit(0.2, 10.0) == pytest.approx(0.2 * limits.MULTIPLE)
    assert limits.fitted_limit(5.0, 10.0) == 10.0  # the task's ceiling wins
    assert limits.fitted_limit(None, 10.0) == 10.0  # never measured: the ceiling
    assert limits.fitted_limit(None, 0.2) == limits.MIN_TIMEOUT_S  # a ceiling below 1 s is raised


def test_every_shipped_task_has_recorded_times():
    for source in ("builtin", "humaneval"):
        for task in codegym.tasks.load(source):
            assert task.reference_s and set(task.reference_s) <= {"visible", "hidden"}, task.id
            assert "hidden" in task.reference_s, task.id
            assert task.test_limit_s("hidden") <= task.timeout_s


def test_mutants_take_their_base_tasks_times():
    mutants = codegym.tasks.load("mutations", verify=False)
    mutant = next(iter(mutants))
    base = codegym.tasks.get(mutant.meta["base_task"])
    assert mutant.reference_s == base.reference_s
    assert mutant.test_limit_s("visible") == base.test_limit_s("visible") < mutant.timeout_s


def test_task_toml_reference_times_parse_and_bad_values_are_named(tmp_path: Path):
    folder = tmp_path / "pack" / "balanced_brackets"
    shutil.copytree(pack_root() / "balanced_brackets", folder)
    toml = folder / "task.toml"
    original = toml.read_text()
    toml.write_text(original + "\nreference_s = {visible = 0.002, hidden = 0.3}\n")
    task = load_task_dir(folder)
    assert dict(task.reference_s) == {"visible": 0.002, "hidden": 0.3}
    assert task.test_limit_s("visible") == limits.FLOOR_S
    assert task.test_limit_s("hidden") == pytest.approx(0.3 * limits.MULTIPLE)
    with pytest.raises(TaskError, match="suite must be"):
        task.test_limit_s("everything")
    toml.write_text(original + "\nreference_s = 0.3\n")
    with pytest.raises(TaskError, match=r"balanced_brackets.*reference_s.*codegym tasks calibrate"):
        load_task_dir(folder)


def test_a_loop_costs_the_fitted_limit_not_the_ceiling():
    """The visible run of a looping program on a fast task stops at the fitted limit (0.5 s), not at 10 s."""
    env = gym.make("codegym/CodeEdit-v4", tasks=["builtin/balanced_brackets"])
    try:
        engine = env.unwrapped.engine
        env.reset(seed=0)
        assert engine.test_limit("visible") == limits.FLOOR_S < engine.task.timeout_s
        engine.write_file("solution.py", LOOP)
        report = engine.run_visible_tests()
        assert report.failed == report.total > 0
        assert any(f"within {limits.FLOOR_S:g}s" in text for text in report.messages.values()), report.messages
    finally:
        env.close()


def test_the_reference_passes_under_its_fitted_limits_and_calibration_measures_it(sandbox):
    task = codegym.tasks.get("builtin/two_sum")  # hidden tests with 10^5-element lists: the slowest kind
    for suite, tests in (("visible", task.visible_tests), ("hidden", task.hidden_tests)):
        report = run_tests(sandbox, task.reference, tests, per_test_timeout=task.test_limit_s(suite))
        assert report.all_passed, (suite, report.summary(), report.failure_text(300))
        assert 0 < report.slowest_test_s <= report.duration_s
    times = measure_reference(sandbox, task, repeats=1)
    assert set(times) == {"visible", "hidden"} and all(t > 0 for t in times.values())


def test_calibrate_command_writes_the_times_file(tmp_path: Path, monkeypatch, capsys):
    target = tmp_path / "reference_times.json"
    monkeypatch.setattr(limits, "times_file", lambda: target)
    assert cli_main(["tasks", "calibrate", "builtin", "--limit", "1", "--repeats", "1", "--write"]) == 0
    data = json.loads(target.read_text())
    (task_id, times), = data["reference_s"].items()
    assert task_id.startswith("builtin/") and set(times) == {"visible", "hidden"}
    assert "limit" in capsys.readouterr().out
    limits.recorded_times.cache_clear()

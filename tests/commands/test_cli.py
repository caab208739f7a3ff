"""The command line, run as a user would (real sandbox)."""

from __future__ import annotations

import json
import subprocess
import sys


def codegym(*args: str, timeout: float = 600) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "codegym.cli", *args], capture_output=True, text=True, timeout=timeout)


def test_help_lists_commands():
    out = codegym("--help").stdout
    for command in ("sandbox", "doctor", "bench", "demo", "tasks"):
        assert command in out


def test_doctor_reports_all_good():
    result = codegym("doctor")
    assert result.returncode == 0, result.stdout + result.stderr
    assert "Docker engine answers" in result.stdout and "all good" in result.stdout


def test_demo_shows_each_outcome():
    result = codegym("demo")
    assert result.returncode == 0, result.stderr
    lines = {line.split()[0]: line for line in result.stdout.splitlines() if line.strip()}
    assert "2 passed" in result.stdout
    assert "timeout" in lines["infinite"] and "oom" in lines["memory"] and "PermissionError" in lines["escape"]
    assert "499999500000" in lines["still"]


def test_bench_sandbox_json_has_ratios():
    result = codegym("bench", "sandbox", "--json", "--runs", "10", "--pytest-runs", "5")
    assert result.returncode == 0, result.stderr
    report = json.loads(result.stdout)
    assert "trivial: sandbox / host subprocess (p50)" in report["ratios"]
    assert report["samples"]["trivial | sandbox run_python"]["runs"] == 10


def test_tasks_list_show_validate():
    listing = codegym("tasks", "list", "builtin", "--difficulty", "1")
    assert listing.returncode == 0 and "builtin/" in listing.stdout
    first = listing.stdout.split()[0]
    shown = codegym("tasks", "show", first)
    assert shown.returncode == 0 and "--- start: solution.py" in shown.stdout and "hidden tests" not in shown.stdout
    validated = codegym("tasks", "validate", "builtin", "--limit", "3")
    assert validated.returncode == 0, validated.stdout + validated.stderr
    assert "3/3 tasks valid" in validated.stderr


def test_errors_are_one_line_and_exit_1():
    result = codegym("tasks", "show", "builtin/no_such_task")
    assert result.returncode == 1
    assert result.stderr.startswith("codegym: error: no task 'builtin/no_such_task'")
    assert "Traceback" not in result.stderr


def test_run_oracle_solves_and_random_does_not():
    for env_id in ("codegym/CodeGen-v4", "codegym/CodeEdit-v4", "codegym/RepairMenu-v4"):
        done = codegym("run", env_id, "--agent", "oracle", "--episodes", "2", "--json")
        assert done.returncode == 0, done.stderr[-2000:]
        summary = json.loads(done.stdout)["summary"]
        assert summary["solve_rate"] == 1.0 and summary["verdicts"] == {"solved": 2}, env_id
    done = codegym("run", "codegym/RepairMenu-v4", "--agent", "random", "--episodes", "3", "--json")
    assert done.returncode == 0 and json.loads(done.stdout)["summary"]["episodes"] == 3


def test_run_with_a_user_agent_module(tmp_path):
    (tmp_path / "my_agent.py").write_text(
        "def make(env):\n    core = env.unwrapped\n    return lambda obs, info: core.task.reference[core.solution_path]\n")
    done = subprocess.run([sys.executable, "-m", "codegym.cli", "run", "codegym/CodeGen-v4", "--agent", "my_agent:make",
                           "--episodes", "1", "--json"], capture_output=True, text=True, timeout=300, cwd=tmp_path,
                          env={**__import__("os").environ, "PYTHONPATH": str(tmp_path)})
    assert done.returncode == 0, done.stderr[-2000:]
    assert json.loads(done.stdout)["summary"]["solve_rate"] == 1.0
    bad = codegym("run", "codegym/CodeGen-v4", "--agent", "no_such_module:make")
    assert bad.returncode == 1 and "could not be loaded" in bad.stderr

"""What a new user hit on the command line (issue 16), each run as a user would (real sandbox, real CLI)."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from codegym.commands.run import invalid_reason

REPAIR = "codegym/RepairMenu-v4"
CODEGEN = "codegym/CodeGen-v4"


def console_script(*args: str, cwd: Path | None = None, env: dict | None = None, timeout: float = 600,
                   **popen) -> subprocess.CompletedProcess:
    """``codegym ...`` as the installed console script runs it: unlike ``python -m``/``-c``, the
    current directory is *not* on the import path (``-P``)."""
    script = shutil.which("codegym")
    argv = [script, *args] if script else [sys.executable, "-P", "-m", "codegym.cli", *args]
    clean = {k: v for k, v in os.environ.items() if k != "PYTHONPATH"}
    return subprocess.run(argv, capture_output=True, text=True, timeout=timeout, cwd=cwd, env={**clean, **(env or {})},
                          **popen)


def run_with_closed_stdout(*args: str) -> tuple[int, str]:
    """``codegym ARGS | head -0``, deterministically: the reader is gone before the first write."""
    script = shutil.which("codegym")
    argv = [script, *args] if script else [sys.executable, "-m", "codegym.cli", *args]
    read_end, write_end = os.pipe()
    proc = subprocess.Popen(argv, stdout=write_end, stderr=subprocess.PIPE, text=True)
    os.close(write_end)
    os.close(read_end)
    _, err = proc.communicate(timeout=300)
    return proc.returncode, err


# ---- codegym run: invalid rewards fail the command and say why

def test_run_exits_nonzero_and_says_why_when_rewards_are_invalid(tmp_path):
    # An engine that cannot be reached (a socket nobody listens on; nothing leaves this machine).
    done = console_script("run", CODEGEN, "--agent", "oracle", "--episodes", "2", "--tasks", "builtin",
                          env={"DOCKER_HOST": f"unix://{tmp_path}/no-engine.sock"}, timeout=300)
    assert done.returncode == 1, done.stdout + done.stderr
    assert "Traceback" not in done.stderr
    assert "codegym: error:" in done.stderr and "Docker engine" in done.stderr, done.stderr[-2000:]
    if "invalid reward" in done.stderr:  # the env ran the episodes: the count and the reason are given
        assert "2 of 2 episode(s) had an invalid reward" in done.stderr


def test_run_exits_zero_when_every_reward_is_valid():
    done = console_script("run", CODEGEN, "--agent", "oracle", "--episodes", "1", "--tasks", "builtin", "--json")
    assert done.returncode == 0, done.stderr[-2000:]
    report = json.loads(done.stdout)
    assert report["invalid"] == [] and report["summary"]["solve_rate"] == 1.0


def test_invalid_reason_reads_the_failure_reason_or_the_reward_terms():
    assert invalid_reason({"reward_valid": False, "failure_reason": "engine gone"}) == "engine gone"
    old_shape = {"reward_valid": False, "failure_reason": "",
                 "reward_terms": {"tests": {"value": 0.0, "info": {"invalid": True, "reason": "sandbox failure: x"}}}}
    assert invalid_reason(old_shape) == "sandbox failure: x"
    assert "no reason" in invalid_reason({"reward_valid": False, "reward_terms": {"tests": 0.0}})


# ---- --agent MODULE:CALLABLE with the module in the current directory

def test_agent_module_in_the_current_directory_needs_no_pythonpath(tmp_path):
    (tmp_path / "mymod.py").write_text(
        "def make(env):\n    core = env.unwrapped\n    return lambda obs, info: core.task.reference[core.solution_path]\n")
    done = console_script("run", CODEGEN, "--agent", "mymod:make", "--episodes", "1", "--tasks", "builtin", "--json",
                          cwd=tmp_path)
    assert done.returncode == 0, done.stderr[-2000:]
    assert json.loads(done.stdout)["summary"]["solve_rate"] == 1.0


def test_a_missing_agent_module_error_says_where_codegym_looked(tmp_path):
    done = console_script("run", CODEGEN, "--agent", "no_such_agent_module:make", "--tasks", "builtin", cwd=tmp_path)
    assert done.returncode == 1 and "Traceback" not in done.stderr
    assert "could not be loaded" in done.stderr and "PYTHONPATH=" in done.stderr and str(tmp_path) in done.stderr


# ---- output piped into a reader that stops early (codegym ... | head)

@pytest.mark.parametrize("args", [("tasks", "show", "builtin/digital_root"), ("tasks", "list", "builtin"),
                                  ("rewards", "list"), ("--help",)])
def test_a_closed_pipe_exits_without_a_traceback(args):
    status, err = run_with_closed_stdout(*args)
    assert "Traceback" not in err and "BrokenPipeError" not in err, err
    assert status in (0, 141), (status, err)  # 141: what a shell reports for a writer stopped by SIGPIPE


def test_tasks_show_piped_into_head_in_a_shell():
    shell = subprocess.run(["bash", "-o", "pipefail", "-c", "codegym tasks show builtin/digital_root --hidden | head -1"],
                           capture_output=True, text=True, timeout=300)
    assert shell.stdout.startswith("# builtin/digital_root")
    assert "Traceback" not in shell.stderr and "BrokenPipeError" not in shell.stderr


# ---- codegym audit in a log (stderr not a terminal)

def test_audit_prints_a_progress_line_per_finished_unit_when_not_on_a_terminal():
    from codegym.audit import FAMILIES

    done = console_script("audit", "--task", "builtin/digital_root", "--env", CODEGEN, "--family", FAMILIES[0],
                          "--jobs", "1", timeout=600)
    assert done.returncode == 0, done.stdout[-2000:] + done.stderr[-2000:]
    lines = [line for line in done.stderr.splitlines() if line.startswith("audit: ")]
    assert lines and lines[-1].startswith(f"audit: 1/1 done ({CODEGEN} builtin/digital_root)"), done.stderr[-2000:]


# ---- --seed reproduces random episodes (the random agent seeds itself: agents.py)

def test_run_with_the_same_seed_twice_gives_identical_episodes():
    runs = []
    for _ in range(2):
        done = console_script("run", REPAIR, "--agent", "random", "--episodes", "3", "--seed", "5", "--tasks", "builtin",
                              "--json")
        assert done.returncode == 0, done.stderr[-2000:]
        runs.append(json.loads(done.stdout)["results"])
    assert runs[0] == runs[1]
    assert len({(r["task_id"], r["steps"], r["episode_return"]) for r in runs[0]}) > 1  # the episodes differ

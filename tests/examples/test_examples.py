"""Every script in examples/ runs, for a few hundred steps, as a user would run it (real sandbox, real libraries).

Each script ends with one ``RESULT {json}`` line; the tests read it. The RL libraries come
from the test extras (``pip install -e ".[test]"``).
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import tempfile
from pathlib import Path

import pytest

EXAMPLES = Path(__file__).resolve().parents[2] / "examples"


def run_example(name: str, *args: str, env: dict | None = None, timeout: float = 600) -> dict:
    """Run ``examples/NAME.py ARGS`` in a fresh interpreter; return its RESULT line."""
    done = subprocess.run([sys.executable, str(EXAMPLES / f"{name}.py"), *args], capture_output=True, text=True,
                          timeout=timeout, env={**os.environ, **(env or {})}, cwd=EXAMPLES.parent)
    assert done.returncode == 0, f"{name} failed:\n{done.stdout[-3000:]}\n{done.stderr[-5000:]}"
    results = [line for line in done.stdout.splitlines() if line.startswith("RESULT ")]
    assert len(results) == 1, done.stdout[-3000:]
    result = json.loads(results[0][len("RESULT "):])
    assert result["example"] == name
    return result


def test_every_example_has_a_test():
    scripts = {p.stem for p in EXAMPLES.glob("*.py") if not p.name.startswith("_")}
    tested = {name[len("test_"):] for name in globals() if name.startswith("test_")}
    assert scripts and scripts <= tested, sorted(scripts - tested)


def test_llm_tool_calling():
    result = run_example("llm_tool_calling", "--episodes", "2")
    first, second = result["episodes"]
    # The scripted model carries a solution for the first task only: solved, then an honest failure.
    assert first["task"] == "builtin/digital_root" and first["verdict"] == "solved" and first["return"] > 0
    assert second["verdict"] == "failed" and second["return"] < first["return"]


@pytest.mark.slow
def test_sb3_ppo():
    result = run_example("sb3_ppo", "--timesteps", "128")
    assert result["timesteps"] >= 128 and result["eval_verdict"] in ("solved", "partial", "failed", "timeout")


@pytest.mark.slow
def test_sb3_dqn():
    assert run_example("sb3_dqn", "--timesteps", "200")["timesteps"] >= 200


@pytest.mark.slow
def test_sb3_maskable_ppo():
    result = run_example("sb3_maskable_ppo", "--timesteps", "128")
    assert result["timesteps"] >= 128 and result["refused_actions"] == 0  # masked slots are never picked


@pytest.mark.slow
def test_cleanrl_masked_ppo():
    result = run_example("cleanrl_masked_ppo", "--timesteps", "128")
    assert result["timesteps"] >= 128 and result["updates"] >= 2 and result["episodes"] > 0
    assert result["refused_actions"] == 0


@pytest.mark.slow
def test_tianshou_dqn():
    result = run_example("tianshou_dqn", "--timesteps", "128")
    assert result["timesteps"] >= 128 and result["gradient_steps"] > 0 and result["test_episodes"] >= 1


@pytest.mark.slow
def test_torchrl_ppo():
    result = run_example("torchrl_ppo", "--timesteps", "128")
    assert result["timesteps"] == 128 and result["episodes"] > 0


@pytest.mark.slow
def test_rllib_ppo():
    # Ray's session files and results go to a short temp dir (unix socket paths are limited
    # to about 100 characters), never the home directory.
    with tempfile.TemporaryDirectory(prefix="rl", dir="/tmp") as scratch:
        # --env-runners 0: sample in the driver through the same env creator (which alone imports
        # codegym there); one remote runner costs minutes of Ray start-up on a 2-core machine.
        result = run_example("rllib_ppo", "--timesteps", "128", "--batch", "64", "--env-runners", "0",
                             env={"RAY_TMPDIR": scratch, "HOME": scratch, "TMPDIR": scratch})
        # The algorithm's result folder went inside the scratch dir (HOME), not the real home.
        assert [p.name for p in Path(scratch, "ray_results").iterdir()], "RLlib wrote no results under HOME"
    assert result["timesteps"] >= 128 and result["iterations"] >= 2

"""Scripted play of the PettingZoo envs: per-round rows and the table `codegym run` prints."""

from __future__ import annotations

import pytest

from codegym.errors import ConfigError
from codegym.multiagent.play import format_rounds, load_env_module, play

TASKS = ["mutations/two_sum__b1_0"]


def test_rows_hold_every_agents_reward_per_round_and_sum_to_the_returns():
    from codegym.tasks import TaskSet, load

    tasks = TaskSet([load("mutations", verify=False).get(t) for t in TASKS], name="one")
    rows = play("author_reviewer_v2", ["oracle", "oracle"], seed=0, episodes=2, tasks=tasks, max_rounds=2)
    assert [r["episode"] for r in rows] == [0, 1] and all(r["verdict"] == "solved" for r in rows)
    assert all(r["author_0"] == pytest.approx(1.0) and r["reviewer_0"] > 0 for r in rows)  # merged correct patches
    table = format_rounds(rows)
    assert "author_0" in table and "reviewer_0" in table and "returns:" in table


def test_bad_names_are_config_errors():
    with pytest.raises(ConfigError, match="unknown multi-agent env"):
        load_env_module("codegym.multiagent.chess_v0")
    with pytest.raises(ConfigError, match="one policy each"):
        play("author_reviewer_v2", ["random"], tasks=TASKS)
    with pytest.raises(ConfigError, match="unknown multi-agent policy"):
        play("author_reviewer_v2", ["random", "genius"], tasks=TASKS)


def test_codegym_run_prints_a_per_round_table_for_a_pettingzoo_env():
    import subprocess
    import sys

    out = subprocess.run([sys.executable, "-m", "codegym.cli", "run", "codegym.multiagent.author_reviewer_v2",
                          "--agents", "random,oracle", "--episodes", "1", "--task", TASKS[0]],
                         capture_output=True, text=True, timeout=600)
    assert out.returncode == 0, out.stderr
    assert "author_0" in out.stdout and "reviewer_0" in out.stdout and "returns:" in out.stdout

"""Commands fail when a reward said nothing about the agent (issue 16): ``codegym evaluate``
exits non-zero (after writing its results) when any episode's reward was invalid, and a sandbox
failure under the default ``on_infra_error="raise"`` ends ``run`` and ``evaluate`` with a
one-line error. The engine really goes away mid-run (tests/dead_engine.py)."""

from __future__ import annotations

import json

import pytest

import tests.dead_engine as dead_engine
from codegym.cli import main
from codegym.engine.infra import InvalidRewardWarning
from tests.dead_engine import engine_switch  # noqa: F401  (fixture)

CODEGEN = "codegym/CodeGen-v4"
EVALUATE = ["evaluate", "--env", CODEGEN, "--agent", "tests.dead_engine:saboteur", "--episodes", "2", "--tasks",
            "builtin", "--no-progress"]


@pytest.fixture
def saboteur(engine_switch, monkeypatch):
    monkeypatch.setattr(dead_engine, "SWITCH", engine_switch)
    return engine_switch


def test_evaluate_exits_nonzero_when_rewards_were_invalid_and_still_writes_the_results(saboteur, tmp_path, capsys):
    with pytest.warns(InvalidRewardWarning, match="invalid reward") as warned:
        status = main([*EVALUATE, "--out", str(tmp_path), "--env-kwargs", '{"on_infra_error": "mark_invalid"}'])
    assert sum(issubclass(w.category, InvalidRewardWarning) for w in warned) == 2  # once per episode
    out, err = capsys.readouterr()
    assert status == 1, out + err
    assert "codegym: error: 2 of 2 episode(s) had an invalid reward" in err and "codegym doctor" in err
    written = json.loads(next(tmp_path.glob("*.json")).read_text())
    assert written["metrics"]["invalid_reward_episodes"] == 2


def test_evaluate_exits_zero_when_every_reward_is_valid(tmp_path, capsys):
    status = main(["evaluate", "--env", CODEGEN, "--agent", "oracle", "--episodes", "1", "--tasks", "builtin",
                   "--no-progress", "--out", str(tmp_path)])
    out, err = capsys.readouterr()
    assert status == 0, out + err
    assert "invalid reward" not in err and "0 with an invalid reward" in out


@pytest.mark.parametrize("command", [
    EVALUATE,
    ["run", CODEGEN, "--agent", "tests.dead_engine:saboteur", "--episodes", "2", "--tasks", "builtin"],
])
def test_a_sandbox_failure_ends_the_command_with_one_line_by_default(saboteur, tmp_path, capsys, command):
    status = main([*command, "--out", str(tmp_path)] if command[0] == "evaluate" else command)
    out, err = capsys.readouterr()
    assert status == 1, out + err
    assert "codegym: error: the test run failed on the sandbox's side" in err and "Traceback" not in err
    assert "on_infra_error='mark_invalid'" in err

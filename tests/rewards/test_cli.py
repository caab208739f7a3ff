"""``codegym rewards list|score`` through argparse, as the CLI wires it."""

from __future__ import annotations

import argparse
import json

import pytest

from codegym.commands import rewards
from codegym.errors import ConfigError, PluginError

from tests.rewards.conftest import INSECURE, PARTIAL


def run(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(prog="codegym")
    rewards.register(parser.add_subparsers(dest="command"))
    args = parser.parse_args(argv)
    return args.func(args)


def test_list_shows_name_package_version_description(capsys):
    assert run(["rewards", "list"]) == 0
    out = capsys.readouterr().out
    header = out.splitlines()[0].split()
    assert header == ["name", "package", "version", "description"]
    rows = {line.split()[0]: line for line in out.splitlines()[2:]}
    for name in ("tests", "completion", "quality", "security", "efficiency", "shaping"):
        assert "codegym" in rows[name] and "0.1.0" in rows[name]
    assert "bandit" in rows["security"]


def test_list_json(capsys):
    assert run(["rewards", "list", "--json"]) == 0
    rows = {row["name"]: row for row in json.loads(capsys.readouterr().out)}
    assert rows["quality"]["target"] == "codegym.rewards.builtin.quality:QualityReward"
    assert rows["quality"]["package"] == "codegym"


def test_build_spec():
    assert rewards.build_spec(["tests=2", "security=0.5"], ["security.skip=[\"B404\"]", "tests.mode=fraction"]) == {
        "tests": {"weight": 2.0, "options": {"mode": "fraction"}},
        "security": {"weight": 0.5, "options": {"skip": ["B404"]}},
    }
    assert set(rewards.build_spec([], [])) == set(rewards.SCORE_WEIGHTS)
    with pytest.raises(ConfigError, match="NAME=WEIGHT"):
        rewards.build_spec(["tests=lots"], [])
    with pytest.raises(ConfigError, match="not among the scored terms"):
        rewards.build_spec(["tests=1"], ["quality.when=always"])
    with pytest.raises(ConfigError, match="NAME.KEY=VALUE"):
        rewards.build_spec([], ["quality=1"])


def test_score_unknown_reward_fails_before_any_sandbox(tmp_path):
    solution = tmp_path / "two_sum.py"
    solution.write_text(PARTIAL)
    with pytest.raises(PluginError, match="'nope'.*installed"):
        run(["rewards", "score", "--task", "builtin/two_sum", str(solution), "--reward", "nope=1"])


def test_score_prints_every_term(tmp_path, capsys):
    solution = tmp_path / "my_attempt.py"
    solution.write_text(PARTIAL)
    assert run(["rewards", "score", "--task", "builtin/two_sum", str(solution), "--hidden"]) == 0
    out = capsys.readouterr().out
    assert "hidden tests 5/7 passed" in out and "verdict partial" in out
    for name in rewards.SCORE_WEIGHTS:
        assert any(line.startswith(name + " ") for line in out.splitlines()), name
    assert out.strip().splitlines()[-1].startswith("total ")


def test_score_json_with_chosen_rewards(tmp_path, capsys):
    solution = tmp_path / "insecure.py"
    solution.write_text(INSECURE)
    argv = ["rewards", "score", "--task", "builtin/two_sum", str(solution), "--json", "--no-reference-stats",
            "--reward", "tests=1", "--reward", "security=2", "--option", "security.when=always"]
    assert run(argv) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["hidden"] is False and data["tests"]["total"] == 2 and data["file"] == "solution.py"
    assert set(data["terms"]) == {"tests", "security"}
    security = data["terms"]["security"]
    assert security["weight"] == 2.0 and {"B307", "B602"} <= set(security["info"]["ids"])
    assert data["total"] == pytest.approx(sum(t["value"] for t in data["terms"].values()))


def test_score_missing_file_is_a_config_error(tmp_path):
    with pytest.raises(ConfigError, match="cannot read solution file"):
        run(["rewards", "score", "--task", "builtin/two_sum", str(tmp_path / "absent.py"), "--reward", "tests=1"])

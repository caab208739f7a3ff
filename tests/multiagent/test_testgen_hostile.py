"""Hostile actions in testgen_coder_v2: an error in the info and a penalty, never an exception."""

from __future__ import annotations

import json

import numpy as np
import pytest

from codegym.multiagent import testgen_coder_v2 as tc
from codegym.multiagent.testgen_setup import single_bug_repairs

TASKS = single_bug_repairs(["humaneval/000_has_close_elements"], seed=1)
HOSTILE_TEXT = [None, 7, 3.5, b"bytes", {"tests": []}, "", "{", "null", "[[[[", "x" * 300_000,
                json.dumps({"tests": [{"args": "not a list", "expected": 1}]}),
                json.dumps({"tests": [{"args": [], "expected": 1, "extra": 2}]}),
                json.dumps({"tests": [{"call": "os.system", "args": ["ls"], "expected": 0}]}),
                json.dumps({"tests": [{"args": [[1.0]], "expected": 1}] * 100}),
                json.dumps({"tests": [{"args": ["a" * 5000], "expected": 1}]}),
                json.dumps({"tool": "write_file", "args": {"path": "../etc/passwd", "text": "x"}}),
                json.dumps({"tool": "run_python", "args": {"code": "import os"}}),
                json.dumps({"tool": "write_file", "args": {"path": "solution.py", "text": 5}}),
                "[" * 50_000 + "]" * 50_000]
HOSTILE_INDEX = [None, -1, 10**9, 2.0, True, "1", np.array([1, 2]), np.array(1.5), [0], {"a": 1}]


@pytest.fixture(scope="module")
def envs():
    made = {mode: tc.parallel_env(action_mode=mode, tasks=TASKS, max_rounds=50, max_tests=4, pool_size=6,
                                  menu_size=6, n_mutants=2, sandbox="docker") for mode in ("text", "menu")}
    yield made
    for env in made.values():
        env.close()


def test_hostile_text_actions_cost_a_penalty(envs):
    env = envs["text"]
    env.reset(seed=0)
    honest = json.dumps({"tool": "write_file", "args": {"path": env.path, "text": env.source}})
    for action in HOSTILE_TEXT:
        _, rewards, _, _, infos = env.step({"testgen_0": action, "coder_0": action})
        for agent in ("testgen_0", "coder_0"):
            assert infos[agent]["action_error"], (agent, str(action)[:60])
            assert infos[agent]["reward_terms"]["invalid_action"] == -1.0
        # the coder's program is untouched by a refused action
        assert json.loads(honest)["args"]["text"] == env.source
        assert rewards["testgen_0"] <= -1.0


def test_hostile_menu_actions_cost_a_penalty(envs):
    env = envs["menu"]
    obs, _ = env.reset(seed=0)
    before = env.source
    for action in HOSTILE_INDEX:
        obs, rewards, _, _, infos = env.step({"testgen_0": action, "coder_0": action})
        for agent in ("testgen_0", "coder_0"):
            assert infos[agent]["action_error"] == 1.0, action
            assert infos[agent]["reward_terms"]["invalid_action"] == -1.0
            assert env.observation_space(agent).contains(obs[agent])
        assert env.source == before
    # a masked index: a pool test already in the suite
    first = int(np.flatnonzero(obs["testgen_0"]["action_mask"][1:])[0]) + 1
    env.step({"testgen_0": first, "coder_0": 0})
    obs, _, _, _, infos = env.step({"testgen_0": first, "coder_0": 0})
    assert infos["testgen_0"]["action_error"] == 1.0 and infos["coder_0"]["action_error"] == 0.0
    assert obs["testgen_0"]["action_mask"][first] == 0


def test_missing_agents_and_dead_steps(envs):
    env = envs["menu"]
    env.reset(seed=0)
    _, rewards, _, _, infos = env.step({})
    assert infos["coder_0"]["action_error"] == 1.0 and infos["coder_0"]["reward_terms"]["invalid_action"] == -1.0
    env.step("not a dict")
    short = tc.parallel_env(action_mode="menu", tasks=TASKS, max_rounds=1, pool_size=6, menu_size=6, n_mutants=2,
                            sandbox="docker")
    try:
        short.reset(seed=0)
        _, _, terminations, _, infos = short.step({"testgen_0": 0, "coder_0": 0})
        assert all(terminations.values()) and short.agents == []
        assert infos["coder_0"]["verdict"] > 0  # the ground-truth verdict at the end
        assert short.step({"testgen_0": 0, "coder_0": 0}) == ({}, {}, {}, {}, {})
    finally:
        short.close()

"""CandidateActionWrapper: Discrete choices over text actions, with a mask (real sandbox)."""

from __future__ import annotations

import json
import math

import gymnasium as gym
import numpy as np
import pytest

import codegym
from codegym.errors import ConfigError
from codegym.wrappers import CODEEDIT_BASIC_ACTIONS, CandidateActionWrapper


@pytest.fixture(scope="module")
def sb():
    with codegym.make_sandbox("docker") as sandbox:
        yield sandbox


@pytest.fixture
def codegen(sb):
    env = gym.make("codegym/CodeGen-v4", tasks=["builtin/two_sum"], sandbox=sb)
    yield env
    env.close()


def test_fixed_candidates_choose_the_action(codegen):
    reference = codegen.unwrapped.taskset.get("builtin/two_sum").reference["solution.py"]
    env = CandidateActionWrapper(codegen, [reference, "pass"])
    assert env.action_space == gym.spaces.Discrete(2)
    obs, info = env.reset(seed=0)
    assert info["action_mask"].tolist() == [1, 1] and env.action_masks().tolist() == [1, 1]
    assert (info["candidate_index"], info["candidate_error"]) == (-1, "")
    reset_keys = set(info)
    *_, good, terminated, _, info = env.step(0)
    assert set(info) == reset_keys and info["candidate_error"] == ""  # the same keys every step (vector envs batch them)
    assert terminated and info["verdict"] == "solved" and info["candidate_index"] == 0 and env.last_candidate == reference
    env.reset(seed=0)
    *_, bad, terminated, _, info = env.step(np.int64(1))
    assert terminated and info["verdict"] != "solved" and bad < good


def test_dynamic_candidates_are_masked_and_bad_indexes_never_raise(codegen):
    env = CandidateActionWrapper(codegen, lambda obs, info: [obs["starting_file"]], size=3)
    obs, info = env.reset(seed=0)
    assert info["action_mask"].tolist() == [1, 0, 0] and env.candidates == [obs["starting_file"]]
    for action in (2, 3, -1, None, 1.5, "0", np.array([0, 1]), True):
        env.reset(seed=0)
        obs, reward, terminated, truncated, info = env.step(action)
        assert info["candidate_error"] and info["candidate_index"] == -1
        assert info["action_error"]  # the wrapped env saw its invalid action (None)
        assert info["reward_terms"]["invalid_action"] < 0 and math.isfinite(reward)
        assert env.observation_space.contains(obs)


def test_bad_configuration():
    env = gym.make("CartPole-v1")
    with pytest.raises(ConfigError, match="size"):
        CandidateActionWrapper(env, lambda obs, info: [0])
    with pytest.raises(ConfigError, match="non-empty"):
        CandidateActionWrapper(env, [])
    with pytest.raises(ConfigError, match="non-empty"):
        CandidateActionWrapper(env, "abc")
    env.close()


def test_codeedit_tool_calls_by_index(sb):
    try:
        env = gym.make("codegym/CodeEdit-v4", tasks=["builtin/two_sum"], sandbox=sb)
    except Exception as exc:  # CodeEdit-v4 may not be installed in this checkout yet
        pytest.skip(f"CodeEdit-v4 unavailable: {exc}")
    assert [json.loads(a)["tool"] for a in CODEEDIT_BASIC_ACTIONS] == ["run_tests", "list_files", "view_file", "submit"]
    wrapped = CandidateActionWrapper(env, CODEEDIT_BASIC_ACTIONS)
    obs, info = wrapped.reset(seed=0)
    assert info["action_mask"].tolist() == [1, 1, 1, 1]
    obs, reward, terminated, truncated, info = wrapped.step(0)
    assert not terminated and info["tests"]["total"] > 0 and wrapped.observation_space.contains(obs)
    obs, reward, terminated, truncated, info = wrapped.step(9)
    assert info["candidate_error"] and not terminated
    obs, reward, terminated, truncated, info = wrapped.step(3)
    assert terminated and info["verdict"] in ("failed", "partial")
    env.close()

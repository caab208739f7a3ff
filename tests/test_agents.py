"""Reference agents: the random agent replays under the same seed; the oracle is oracle_action()."""

from __future__ import annotations

import gymnasium as gym
import pytest

import codegym  # noqa: F401
from codegym.agents import make_agent
from codegym.errors import ConfigError
from codegym.rollout import run_episode


def _actions(seed: int) -> tuple[list, float]:
    env = gym.make("codegym/CodeEdit-v4", tasks=["builtin/two_sum"], max_episode_steps=4)
    try:
        policy = make_agent("random", env)
        seen = []

        def recording(obs, info):
            action = policy(obs, info)
            seen.append(action)
            return action

        result = run_episode(env, recording, seed=seed)
        return seen, result.episode_return
    finally:
        env.close()


def test_random_agent_replays_under_the_same_seed():
    first, second, other = _actions(5), _actions(5), _actions(6)
    assert first == second and len(first[0]) == 4
    assert first[0] != other[0]


def test_oracle_agent_uses_oracle_action():
    env = gym.make("codegym/CodeGen-v4", tasks=["builtin/two_sum"])
    try:
        obs, info = env.reset(seed=0)
        assert make_agent("oracle", env)(obs, info) == env.unwrapped.oracle_action() == \
            env.unwrapped.task.reference["solution.py"]
    finally:
        env.close()


def test_unknown_agent_is_named():
    env = gym.make("codegym/CodeGen-v4", tasks=["builtin/two_sum"])
    try:
        with pytest.raises(ConfigError, match="random, oracle"):
            make_agent("nope", env)
    finally:
        env.close()


def test_submit_agent_submits_the_given_program_at_the_first_step():
    env = gym.make("codegym/RepairMenu-v4", tasks={"source": "mutations", "verify": False},
                   max_episode_steps=5)
    try:
        result = run_episode(env, make_agent("submit", env), seed=3)
        assert result.steps == 1 and result.verdict != "solved"
        assert env.unwrapped.source != env.unwrapped.reference  # nothing was edited: the mutant was judged
    finally:
        env.close()


def test_submit_agent_needs_an_env_with_a_submit_action():
    env = gym.make("codegym/CodeGen-v4", tasks=["builtin/two_sum"])
    try:
        with pytest.raises(ConfigError, match="submit_action"):
            make_agent("submit", env)
    finally:
        env.close()

"""Behaviour cloning of the oracle on RepairMenu (real sandbox): demonstrations record only states
where the expert has a move, its moves are valid menu entries, cloning makes the policy pick
them, and an env without an expert is refused with a clear error."""

from __future__ import annotations

import gymnasium as gym
import numpy as np
import pytest

pytest.importorskip("sb3_contrib")

import codegym  # noqa: E402,F401  (registers the envs)
from codegym.errors import ConfigError  # noqa: E402
from codegym.evaluation import DEFAULT_ENV_ID  # noqa: E402
from codegym.evaluation.imitation import clone_into, collect_demonstrations  # noqa: E402
from codegym.evaluation.training import tasks_kwarg  # noqa: E402

TRAIN = ("mutations/two_sum__b1_1", "mutations/pascal_row__b1_0")  # training split, as in the baselines' smoke test


@pytest.fixture(scope="module")
def demos_and_env():
    tasks = tasks_kwarg('{"source": "mutations", "verify": false}', "train", TRAIN)
    env = gym.make(DEFAULT_ENV_ID, tasks=tasks)
    try:
        yield collect_demonstrations(env, episodes=4, seed=0), env
    finally:
        env.close()


def test_demonstrations_hold_the_experts_valid_moves(demos_and_env):
    demos, _ = demos_and_env
    assert demos.episodes == 4 and demos.solved == 4  # the expert solves what it demonstrates
    assert len(demos) >= 4 and demos.steps >= len(demos)
    assert demos.expert.any(axis=1).all()  # every recorded state has an expert move
    assert not (demos.expert & ~demos.masks).any()  # and every expert move is a valid menu entry
    assert set(demos.observations) == {"candidates", "mask", "tests", "step"}
    assert all(len(v) == len(demos) for v in demos.observations.values())


def test_cloning_makes_the_policy_choose_the_experts_moves(demos_and_env):
    from sb3_contrib import MaskablePPO

    from codegym.evaluation.menu_policy import MenuPolicy

    demos, env = demos_and_env
    model = MaskablePPO(MenuPolicy, env, seed=0, device="cpu", n_steps=8, batch_size=8)
    before = clone_into(model.policy, demos, epochs=0)["accuracy"]
    after = clone_into(model.policy, demos, epochs=60, learning_rate=3e-3)
    assert after["accuracy"] >= 0.75 > before, (before, after)  # 8 states; the fit need not be perfect
    assert np.isfinite(after["loss"]) and after["states"] == len(demos)


def test_an_env_without_an_expert_is_refused():
    env = gym.make("CartPole-v1")
    with pytest.raises(ConfigError, match="oracle_actions"):
        collect_demonstrations(env, episodes=1)
    env.close()

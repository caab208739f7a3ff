"""RepairMenu-v4 with Stable-Baselines3 and sb3-contrib: env checker, PPO, DQN, MaskablePPO (real sandbox)."""

from __future__ import annotations

import warnings

import gymnasium as gym
import numpy as np
import pytest

pytest.importorskip("torch")
sb3 = pytest.importorskip("stable_baselines3")
sb3_contrib = pytest.importorskip("sb3_contrib")

from stable_baselines3 import DQN, PPO  # noqa: E402
from stable_baselines3.common.env_checker import check_env  # noqa: E402
from sb3_contrib import MaskablePPO  # noqa: E402
from sb3_contrib.common.maskable.utils import get_action_masks  # noqa: E402

import codegym  # noqa: E402
import codegym.tasks  # noqa: E402
from codegym.tasks.taskset import TaskSet  # noqa: E402
from codegym.wrappers import FlattenMenuObservation  # noqa: E402

TASKS = ("mutations/anagram_groups__b1_0", "mutations/two_sum__b1_0", "mutations/pascal_row__b1_0")


@pytest.fixture(scope="module")
def tasks() -> TaskSet:
    repairs = codegym.tasks.load("mutations", verify=False)
    return TaskSet([repairs.get(t) for t in TASKS], name="sb3")


@pytest.fixture(scope="module")
def sb():
    with codegym.make_sandbox("docker") as sandbox:
        yield sandbox


def make(tasks, sb, **kwargs):
    return gym.make("codegym/RepairMenu-v4", tasks=tasks, sandbox=sb, **kwargs)


class CountInvalid(gym.Wrapper):
    """Counts the steps the env refused (masked or malformed actions)."""

    def __init__(self, env):
        super().__init__(env)
        self.invalid = self.steps = 0

    def step(self, action):
        out = self.env.step(action)
        self.steps += 1
        self.invalid += bool(out[-1]["action_error"])
        return out

    def action_masks(self):
        return self.env.get_wrapper_attr("action_masks")()


def test_sb3_env_checker_on_dict_and_flat_observations(tasks, sb):
    env = make(tasks, sb)
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        check_env(env)
    # The only remark: candidates is (menu_size, features), which MultiInputPolicy flattens.
    remarks = [str(w.message) for w in caught if issubclass(w.category, UserWarning)]
    assert all("candidates has an unconventional shape" in r for r in remarks), remarks
    with warnings.catch_warnings():
        warnings.simplefilter("error", UserWarning)
        check_env(FlattenMenuObservation(make(tasks, sb)))
    env.close()


def test_ppo_multi_input_policy_learns(tasks, sb):
    env = make(tasks, sb)
    model = PPO("MultiInputPolicy", env, n_steps=32, batch_size=32, n_epochs=1, seed=0, device="cpu")
    model.learn(total_timesteps=64)
    obs, _ = env.reset(seed=0)
    action, _ = model.predict(obs, deterministic=True)
    assert env.action_space.contains(int(action))
    env.close()


def test_dqn_on_flattened_observations(tasks, sb):
    env = FlattenMenuObservation(make(tasks, sb))
    model = DQN("MlpPolicy", env, learning_starts=16, train_freq=4, buffer_size=1_000, batch_size=16, seed=0,
                device="cpu")
    model.learn(total_timesteps=64)
    assert model.num_timesteps >= 64
    env.close()


def test_maskable_ppo_never_picks_a_masked_slot(tasks, sb):
    env = CountInvalid(make(tasks, sb))
    model = MaskablePPO("MultiInputPolicy", env, n_steps=32, batch_size=32, n_epochs=1, seed=0, device="cpu")
    model.learn(total_timesteps=64)
    assert env.steps >= 64 and env.invalid == 0
    obs, _ = env.reset(seed=1)
    masks = get_action_masks(model.get_env())
    assert masks.shape == (1, env.action_space.n)
    action, _ = model.predict(obs, action_masks=env.action_masks(), deterministic=True)
    assert env.action_masks()[int(action)] == 1
    flat = FlattenMenuObservation(make(tasks, sb, menu_size=8))
    MaskablePPO("MlpPolicy", flat, n_steps=16, batch_size=16, n_epochs=1, seed=0, device="cpu").learn(16)
    env.close()
    flat.close()


def test_mask_matches_the_menu_through_a_rollout(tasks, sb):
    env = make(tasks, sb, menu_size=64)
    obs, info = env.reset(seed=3)
    rng = np.random.default_rng(0)
    for _ in range(8):
        mask = env.unwrapped.action_masks()
        assert np.array_equal(mask, obs["mask"]) and mask[1:].sum() == len(env.unwrapped.describe_menu())
        action = int(rng.choice(np.flatnonzero(mask)))
        obs, reward, terminated, truncated, info = env.step(action)
        assert info["action_error"] == "" and np.isfinite(reward)
        if terminated or truncated:
            obs, info = env.reset()
    env.close()

"""FlattenMenuObservation: RepairMenu-v4's Dict observation as one float32 Box (real sandbox)."""

from __future__ import annotations

import gymnasium as gym
import numpy as np
import pytest
from gymnasium import spaces

import codegym
import codegym.tasks
from codegym.errors import ConfigError
from codegym.tasks.taskset import TaskSet
from codegym.wrappers import FlattenMenuObservation


@pytest.fixture(scope="module")
def sb():
    with codegym.make_sandbox("docker") as sandbox:
        yield sandbox


def test_repair_menu_flattens_in_space_order(sb):
    repairs = codegym.tasks.load("mutations", verify=False)
    tasks = TaskSet([repairs.get("mutations/two_sum__b1_0")], name="one")
    env = FlattenMenuObservation(gym.make("codegym/RepairMenu-v4", tasks=tasks, sandbox=sb, menu_size=16))
    inner = env.unwrapped
    obs, info = env.reset(seed=0)
    assert obs.dtype == np.float32 and env.observation_space.contains(obs)
    sizes = {key: stop - start for key, start, stop in env.layout}
    assert sizes["candidates"] == 16 * inner.observation_space["candidates"].shape[1] and sizes["mask"] == 17
    assert obs.shape == (sum(sizes.values()),)
    raw = inner._observe()
    for key, start, stop in env.layout:
        assert np.array_equal(obs[start:stop], np.asarray(raw[key], dtype=np.float32).ravel()), key
    assert np.array_equal(env.action_masks(), info["action_mask"])
    obs, reward, terminated, truncated, info = env.step(inner.oracle_actions()[0])
    assert env.observation_space.contains(obs) and np.array_equal(env.action_masks(), info["action_mask"])
    env.close()


def test_discrete_fields_are_one_hot_and_other_spaces_refused():
    class Tiny(gym.Env):
        observation_space = spaces.Dict({"a": spaces.Box(-1, 1, (2,), np.float32), "b": spaces.Discrete(3, start=1),
                                         "c": spaces.MultiBinary(2)})
        action_space = spaces.Discrete(2)

        def reset(self, *, seed=None, options=None):
            super().reset(seed=seed)
            return {"a": np.array([0.5, -0.5], np.float32), "b": 2, "c": np.array([1, 0], np.int8)}, {}

    env = FlattenMenuObservation(Tiny())
    obs, _ = env.reset(seed=0)
    assert obs.tolist() == [0.5, -0.5, 0.0, 1.0, 0.0, 1.0, 0.0] and env.observation_space.contains(obs)

    class Texty(gym.Env):
        observation_space = spaces.Dict({"t": spaces.Text(5)})
        action_space = spaces.Discrete(2)

    with pytest.raises(ConfigError, match="Text"):
        FlattenMenuObservation(Texty())
    with pytest.raises(ConfigError, match="Dict"):
        FlattenMenuObservation(gym.make("CartPole-v1"))

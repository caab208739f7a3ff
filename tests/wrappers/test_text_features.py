"""TextFeatureObservation: hashed text features of CodeGen-v4 observations (real sandbox)."""

from __future__ import annotations

import subprocess
import sys

import gymnasium as gym
import numpy as np
import pytest
from gymnasium import spaces

import codegym
from codegym.errors import ConfigError
from codegym.wrappers import CandidateActionWrapper, TextFeatureObservation, hashed_counts


@pytest.fixture(scope="module")
def sb():
    with codegym.make_sandbox("docker") as sandbox:
        yield sandbox


@pytest.fixture
def codegen(sb):
    env = gym.make("codegym/CodeGen-v4", tasks=["builtin/two_sum"], sandbox=sb)
    yield env
    env.close()


def test_hashed_counts_are_normalised_and_stable_across_processes():
    text = "def two_sum(nums, target):\n    seen = {}\n"
    v = hashed_counts(text, dim=64)
    assert v.shape == (64,) and v.dtype == np.float32 and np.isclose(np.linalg.norm(v), 1.0)
    assert np.all(v >= 0) and np.all(v <= 1) and v[:32].sum() > 0 and v[32:].sum() > 0
    assert not np.any(hashed_counts("", dim=64)) and not np.any(hashed_counts(None, dim=64))
    assert not np.array_equal(v, hashed_counts(text.replace("seen", "found"), dim=64))
    code = "from codegym.wrappers import hashed_counts; print(hashed_counts(%r, dim=64).tolist())" % text
    for seed in ("1", "2"):
        out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60,
                             env={"PYTHONHASHSEED": seed, "PATH": "/usr/bin:/bin"})
        assert np.allclose(eval(out.stdout), v), out.stderr
    with pytest.raises(ConfigError, match="dim"):
        hashed_counts("x", dim=1)
    with pytest.raises(ConfigError, match="ngram"):
        hashed_counts("x", ngram=0)


def test_codegen_observations_become_a_flat_box(codegen):
    env = TextFeatureObservation(codegen, dim=64)
    obs, info = env.reset(seed=0)
    assert isinstance(env.observation_space, spaces.Box) and env.observation_space.dtype == np.float32
    assert obs.shape == (3 * 64 + 2,) and env.observation_space.contains(obs)
    kinds = {key: kind for key, kind, _, _ in env.layout}
    assert kinds == {"statement": "text", "starting_file": "text", "feedback": "text",
                     "tests_passed": "count", "tests_total": "count"}
    start, stop = next((a, b) for key, _, a, b in env.layout if key == "statement")
    assert np.isclose(np.linalg.norm(obs[start:stop]), 1.0)
    task = env.unwrapped.task
    obs2, reward, terminated, truncated, info = env.step(task.reference["solution.py"])
    assert terminated and info["verdict"] == "solved" and env.observation_space.contains(obs2)
    total = next(a for key, _, a, _ in env.layout if key == "tests_total")
    assert obs2[total] == pytest.approx(np.log1p(info["hidden_tests"]["total"]))
    feedback = next((a, b) for key, _, a, b in env.layout if key == "feedback")
    assert not np.array_equal(obs[feedback[0]:feedback[1]], obs2[feedback[0]:feedback[1]])


def test_fields_subset_and_unsupported_spaces(codegen):
    env = TextFeatureObservation(codegen, dim=16, fields=["statement", "tests_total"])
    obs, _ = env.reset(seed=0)
    assert obs.shape == (17,) and [key for key, *_ in env.layout] == ["statement", "tests_total"]
    with pytest.raises(ConfigError, match="not in the observation space"):
        TextFeatureObservation(codegen, fields=["nope"])

    class Odd(gym.Env):
        observation_space = spaces.Dict({"seq": spaces.Sequence(spaces.Discrete(2))})
        action_space = spaces.Discrete(2)

    with pytest.raises(ConfigError, match="Sequence"):
        TextFeatureObservation(Odd())


def test_sb3_trains_on_codegen_with_candidate_solutions(codegen):
    pytest.importorskip("torch")
    sb3 = pytest.importorskip("stable_baselines3")
    from stable_baselines3.common.env_checker import check_env

    task = codegen.unwrapped.taskset.get("builtin/two_sum")
    env = TextFeatureObservation(CandidateActionWrapper(codegen, [task.reference["solution.py"], "pass"]), dim=32)
    check_env(env)
    model = sb3.PPO("MlpPolicy", env, n_steps=4, batch_size=4, n_epochs=1, seed=0, device="cpu")
    model.learn(total_timesteps=8)
    assert model.num_timesteps >= 8

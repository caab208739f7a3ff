"""CodeGen-v4: one action, a hidden-test verdict; contracts, hostile actions, determinism."""

from __future__ import annotations

import math
import subprocess
import sys

import gymnasium as gym
import numpy as np
import pytest
from gymnasium.utils.env_checker import check_env

import codegym
from codegym.errors import ConfigError, PluginError, TaskError


@pytest.fixture
def env():
    env = gym.make("codegym/CodeGen-v4", tasks="builtin")
    yield env
    env.close()


def test_check_env_passes(env):
    check_env(env.unwrapped)


def test_make_without_importing_codegym_first():
    code = "import gymnasium as gym\nenv = gym.make('codegym:codegym/CodeGen-v4')\nprint(type(env.unwrapped).__name__)\nenv.close()"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120)
    assert out.stdout.strip() == "CodeGenEnv", out.stderr


def test_reference_solves_and_scores_above_wrong(env):
    obs, info = env.reset(seed=0, options={"task_id": "builtin/two_sum"})
    assert info["task_id"] == "builtin/two_sum" and env.observation_space.contains(obs)
    task = env.unwrapped.task
    obs, good, terminated, truncated, info = env.step(task.reference["solution.py"])
    assert terminated and not truncated and info["verdict"] == "solved"
    hidden = info["hidden_tests"]
    assert hidden["failed"] == 0 and hidden["passed"] == hidden["total"] > 0 and info["tests"]["total"] == 0
    assert set(info["reward_terms"]) == {"tests", "completion", "invalid_action"}
    assert math.isclose(good, sum(info["reward_terms"].values()))
    env.reset(seed=0, options={"task_id": "builtin/two_sum"})
    *_, bad, _, _, info = env.step(task.files["solution.py"])
    assert info["verdict"] in ("failed", "partial") and bad < good


@pytest.mark.parametrize("action", [None, 12, b"bytes", ["list"], "x" * 200_001, "\udcff"])
def test_hostile_actions_never_raise(env, action):
    env.reset(seed=1)
    obs, reward, terminated, truncated, info = env.step(action)
    assert env.observation_space.contains(obs)
    assert isinstance(reward, float) and math.isfinite(reward) and reward < 0
    assert terminated and info["verdict"] == "failed" and info["action_error"]
    assert info["reward_terms"]["invalid_action"] < 0


def test_step_after_end_is_harmless(env):
    env.reset(seed=2)
    env.step("pass")
    obs, reward, terminated, truncated, info = env.step("again")
    assert reward == 0.0 and terminated and "reset()" in info["action_error"] and "reset()" in info["action_error"]


def test_non_charset_text_fits_the_space(env):
    env.reset(seed=3)
    obs, *_ = env.step("def f():\n    return 'héllo\x00'\n")
    assert env.observation_space.contains(obs)


def test_same_seed_replays_identically():
    def play():
        env = gym.make("codegym/CodeGen-v4", tasks="builtin")
        out = []
        for seed in (5, 6, 7):
            obs, info = env.reset(seed=seed)
            obs2, reward, *_, info2 = env.step(env.unwrapped.task.files["solution.py"])
            out.append((obs, info["task_id"], obs2, reward, info2["verdict"], info2["tests"]))
        env.close()
        return out

    first, second = play(), play()
    for a, b in zip(first, second):
        assert a[1:] [0] == b[1:][0]
        for key in a[0]:
            assert np.array_equal(a[0][key], b[0][key]) if isinstance(a[0][key], np.ndarray) else a[0][key] == b[0][key]
        assert a[3:] == b[3:]


def test_bad_configuration_is_named():
    with pytest.raises(PluginError, match="no plugin named 'nope'.*completion"):
        gym.make("codegym/CodeGen-v4", reward={"nope": 1.0})
    with pytest.raises(ConfigError, match="render_mode"):
        gym.make("codegym/CodeGen-v4", render_mode="rgb_array")
    env = gym.make("codegym/CodeGen-v4")
    with pytest.raises(TaskError, match="no task"):
        env.reset(options={"task_id": "builtin/nope"})
    with pytest.raises(ConfigError, match="unknown reset option"):
        env.reset(options={"level": 3})
    env.close()


def test_tasks_as_ids_and_curriculum_info():
    env = gym.make("codegym/CodeGen-v4", tasks=["builtin/two_sum", "humaneval/000_has_close_elements"],
                   curriculum="uniform")
    seen = {env.reset(seed=s)[1]["task_id"] for s in range(12)}
    assert seen == {"builtin/two_sum", "humaneval/000_has_close_elements"}
    assert env.reset(seed=0)[1]["curriculum"] == {"name": "uniform"}
    env.close()


def test_render_ansi():
    env = gym.make("codegym/CodeGen-v4", render_mode="ansi")
    env.reset(seed=0)
    assert "task builtin/" in env.render()
    env.close()


def test_async_vector_env_each_with_its_own_sandbox():
    envs = gym.make_vec("codegym/CodeGen-v4", num_envs=2, vectorization_mode="async", tasks="humaneval")
    try:
        obs, info = envs.reset(seed=0)
        assert len(info["task_id"]) == 2
        obs, reward, terminated, truncated, info = envs.step(("pass", "pass"))
        assert terminated.all() and list(info["verdict"]) == ["failed", "failed"] or "partial" in list(info["verdict"])
    finally:
        envs.close()


def test_a_killed_container_is_replaced_and_the_run_judged(env, docker_api):
    env.reset(seed=0, options={"task_id": "builtin/two_sum"})
    sandbox = env.unwrapped.sandbox
    docker_api.api.kill(sandbox.container_id)
    *_, info = env.step(env.unwrapped.task.reference["solution.py"])
    assert info["verdict"] == "solved" and info["reward_valid"] is True  # rerun on a fresh sandbox
    assert env.unwrapped.sandbox is not sandbox


def test_infra_failure_without_a_healthy_sandbox_is_an_error_with_invalid_reward(docker_api, monkeypatch, request):
    import codegym.engine.runner as core
    from codegym.engine.infra import InvalidRewardWarning
    from codegym.errors import SandboxError

    env = gym.make("codegym/CodeGen-v4", tasks="builtin", on_infra_error="mark_invalid")  # default: raise
    request.addfinalizer(env.close)
    env.reset(seed=0, options={"task_id": "builtin/two_sum"})
    docker_api.api.kill(env.unwrapped.sandbox.container_id)

    def engine_gone(*args, **kwargs):  # stands in for a Docker engine that went away
        raise SandboxError("the Docker engine is not answering")

    monkeypatch.setattr(core, "make_sandbox", engine_gone)
    with pytest.warns(InvalidRewardWarning, match="invalid reward"):
        obs, reward, terminated, truncated, info = env.step(env.unwrapped.task.reference["solution.py"])
    assert info["verdict"] == "error" and info["reward_valid"] is False
    assert info["reward_terms"]["completion"] == 0.0
    monkeypatch.undo()
    env.reset(seed=0)  # a new sandbox is opened transparently
    *_, info = env.step(env.unwrapped.task.reference["solution.py"])
    assert info["verdict"] == "solved"
"""Fail loudly, early and once, seen from gym.make and the PettingZoo constructors (issue 16):
a typo'd backend fails at construction, construction opens nothing, an unreachable engine
fails at reset, and ``on_infra_error`` decides what a later sandbox failure does."""

from __future__ import annotations

import json
import subprocess
import sys
import warnings

import gymnasium as gym
import pytest

import codegym
from codegym.engine import infra
from codegym.envs.registration import ENVS
from codegym.errors import ConfigError, EngineUnavailableError, PluginError
from codegym.multiagent import author_reviewer_v2, decompose_v2, testgen_coder_v2
from tests.dead_engine import engine_switch  # noqa: F401  (fixture)

ENV_IDS = sorted(ENVS)
#: Every PettingZoo constructor: name -> callable taking the env kwargs.
PETTINGZOO = {
    "author_reviewer_v2.env": author_reviewer_v2.env,
    "author_reviewer_v2.raw_env": author_reviewer_v2.raw_env,
    "author_reviewer_v2.parallel_env": author_reviewer_v2.parallel_env,
    "testgen_coder_v2.parallel_env": testgen_coder_v2.parallel_env,
    "testgen_coder_v2.env": testgen_coder_v2.env,
    "testgen_coder_v2.raw_env": testgen_coder_v2.raw_env,
    "decompose_v2.env": decompose_v2.env,
    "decompose_v2.raw_env": decompose_v2.raw_env,
}
CODEGEN = "codegym/CodeGen-v4"
TWO_SUM = "builtin/two_sum"


def _make_sandbox_error(name: str) -> str:
    with pytest.raises(PluginError) as caught:
        codegym.make_sandbox(name)
    return str(caught.value)


@pytest.mark.parametrize("env_id", ENV_IDS)
def test_a_typod_backend_fails_at_gym_make(env_id):
    with pytest.raises(PluginError) as caught:
        gym.make(env_id, sandbox="podman")
    assert str(caught.value) == _make_sandbox_error("podman")  # what make_sandbox says, word for word


@pytest.mark.parametrize("name", sorted(PETTINGZOO))
def test_a_typod_backend_fails_at_the_pettingzoo_constructors(name):
    with pytest.raises(PluginError, match="unknown sandbox backend 'podman'.*installed"):
        PETTINGZOO[name](sandbox="podman")


@pytest.mark.parametrize("name", sorted(PETTINGZOO))
def test_a_bad_on_infra_error_fails_at_the_pettingzoo_constructors(name):
    with pytest.raises(ConfigError, match="on_infra_error must be one of"):
        PETTINGZOO[name](on_infra_error="ignore")


@pytest.mark.parametrize("env_id", ENV_IDS)
def test_a_bad_on_infra_error_fails_at_gym_make(env_id):
    with pytest.raises(ConfigError, match=r"on_infra_error must be one of \['raise', 'retry', 'mark_invalid'\]"):
        gym.make(env_id, on_infra_error="warn")


def test_construction_contacts_no_engine_and_the_first_reset_raises(engine_switch):
    engine_switch.down()
    for env_id in ENV_IDS:
        env = gym.make(env_id)  # RLlib and Minari build envs only to read their spaces: that must work
        assert env.observation_space is not None
        with pytest.raises(EngineUnavailableError, match="Docker engine"):
            env.reset(seed=0)
        env.close()
    for name in ("author_reviewer_v2.env", "testgen_coder_v2.parallel_env", "decompose_v2.env"):
        env = PETTINGZOO[name]()
        with pytest.raises(EngineUnavailableError, match="Docker engine"):
            env.reset(seed=0)
        env.close()


CONTAINERS_SCRIPT = """
import json
import gymnasium as gym
import codegym
from codegym.envs.registration import ENVS
from codegym.multiagent import author_reviewer_v2, decompose_v2, testgen_coder_v2
from codegym.sandbox.engine import OWNER_LABEL, docker_client, owner_tag

client = docker_client()
mine = lambda: len(client.api.containers(all=True, filters={"label": f"{OWNER_LABEL}={owner_tag()}"}))
before = mine()
envs = [gym.make(env_id, sandbox=sandbox) for env_id in ENVS for sandbox in ("auto", "docker")]
envs += [make(sandbox="docker") for make in (author_reviewer_v2.env, author_reviewer_v2.parallel_env,
                                            testgen_coder_v2.parallel_env, decompose_v2.env)]
after = mine()
envs[0].reset(seed=0)
at_reset = mine()
print(json.dumps({"before": before, "after": after, "at_reset": at_reset}))
"""


def test_construction_starts_no_container():
    # A process of its own: its containers carry its owner label, so nothing else is counted.
    done = subprocess.run([sys.executable, "-c", CONTAINERS_SCRIPT], capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stderr[-3000:]
    counts = json.loads(done.stdout.strip().splitlines()[-1])
    assert counts["before"] == 0 and counts["after"] == 0, counts
    assert counts["at_reset"] >= 1, counts  # the count does see this process's containers


def test_by_default_a_failure_after_a_working_start_raises_out_of_step(engine_switch):
    env = gym.make(CODEGEN, tasks="builtin")
    try:
        env.reset(seed=0, options={"task_id": TWO_SUM})
        engine_switch.down(env.unwrapped.engine.runner)
        with pytest.raises(EngineUnavailableError, match="on the sandbox's side, not the agent's.*mark_invalid"):
            env.step(env.unwrapped.task.reference["solution.py"])
    finally:
        env.close()


def test_mark_invalid_keeps_going_with_invalid_rewards_and_warns_once_per_episode(engine_switch):
    env = gym.make(CODEGEN, tasks="builtin", on_infra_error="mark_invalid")
    try:
        *_, info = env.reset(seed=0, options={"task_id": TWO_SUM})
        assert info["invalid_episodes"] == 0
        engine_switch.down(env.unwrapped.engine.runner)
        with warnings.catch_warnings(record=True) as caught:
            warnings.simplefilter("always")
            for number in (1, 2):
                _, info = env.reset(seed=number, options={"task_id": TWO_SUM})  # opens nothing, raises nothing
                _, reward, terminated, _, info = env.step(env.unwrapped.task.reference["solution.py"])
                assert terminated and reward == 0.0 and info["verdict"] == "error"
                assert info["reward_valid"] is False and "Docker engine" in info["failure_reason"]
                assert info["invalid_episodes"] == number
        warned = [w for w in caught if issubclass(w.category, infra.InvalidRewardWarning)]
        assert len(warned) == 2 and "2 invalid episode(s)" in str(warned[1].message)
        engine_switch.up()
        env.reset(seed=3, options={"task_id": TWO_SUM})
        *_, info = env.step(env.unwrapped.task.reference["solution.py"])
        assert info["verdict"] == "solved" and info["reward_valid"] and info["invalid_episodes"] == 2
    finally:
        env.close()


def test_mark_invalid_codeedit_shows_the_failure_and_warns_once_for_many_steps(engine_switch):
    env = gym.make("codegym/CodeEdit-v4", tasks="builtin", on_infra_error="mark_invalid")
    act = json.dumps({"tool": "run_python", "args": {"code": "print(2)"}})
    try:
        env.reset(seed=0, options={"task_id": "builtin/fix_palindrome"})
        engine_switch.down(env.unwrapped.engine.runner)
        with warnings.catch_warnings(record=True) as caught:
            warnings.simplefilter("always")
            for _ in range(3):
                obs, reward, terminated, truncated, info = env.step(act)
                assert "sandbox failure" in obs["error"] and "sandbox failure" in info["failure_reason"]
                assert not info["reward_valid"] and not info["invalid_action"] and info["action_error"] == ""
                assert info["reward_terms"]["invalid_action"] == 0.0 and not terminated
        assert sum(issubclass(w.category, infra.InvalidRewardWarning) for w in caught) == 1
        assert info["invalid_episodes"] == 1
        engine_switch.up()
        obs, *_ = env.step(act)
        assert obs["error"] == "" and "2" in obs["output"].splitlines()  # a new sandbox, once the engine answers
    finally:
        env.close()


def test_the_option_reaches_the_engine_of_every_env():
    for env_id in ENV_IDS:
        env = gym.make(env_id, on_infra_error="mark_invalid")
        assert env.unwrapped.engine.runner.on_infra_error == "mark_invalid"
        assert gym.make(env_id).unwrapped.engine.runner.on_infra_error == "raise"  # the default
    for name, make in PETTINGZOO.items():
        env = make(on_infra_error="retry")
        engine = getattr(env.unwrapped, "engine", None) or env.unwrapped.core.engine
        assert engine.runner.on_infra_error == "retry", name

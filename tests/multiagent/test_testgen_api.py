"""PettingZoo's own checks on testgen_coder_v2: api_test, parallel_api_test, seed tests (both variants, both forms).

Real Docker sandbox; one single-bug HumanEval repair, few mutants, short episodes.
"""

from __future__ import annotations

import pytest
from pettingzoo.test import api_test, parallel_api_test, parallel_seed_test, seed_test

from codegym.errors import ConfigError
from codegym.multiagent import testgen_coder_v2
from codegym.multiagent.testgen_setup import single_bug_repairs

TASKS = single_bug_repairs(["humaneval/000_has_close_elements"], seed=1)
SMALL = dict(tasks=TASKS, max_rounds=2, max_tests=4, pool_size=6, menu_size=6, n_mutants=2, sandbox="docker")


def make(form: str, mode: str):
    factory = {"parallel": testgen_coder_v2.parallel_env, "aec": testgen_coder_v2.env}[form]
    return factory(action_mode=mode, **SMALL)


@pytest.mark.parametrize("mode", ["menu", "text"])
def test_parallel_api(mode):
    env = make("parallel", mode)
    try:
        parallel_api_test(env, num_cycles=6)
    finally:
        env.close()


@pytest.mark.parametrize("mode", ["menu", "text"])
def test_aec_api(mode):
    env = make("aec", mode)
    try:
        api_test(env, num_cycles=6)
    finally:
        env.close()


@pytest.mark.slow
@pytest.mark.parametrize("mode", ["menu", "text"])
def test_seeds_parallel(mode):
    parallel_seed_test(lambda: make("parallel", mode), num_cycles=3)


@pytest.mark.slow
@pytest.mark.parametrize("mode", ["menu", "text"])
def test_seeds_aec(mode):
    seed_test(lambda: make("aec", mode), num_cycles=3)


def test_spaces_are_shared_objects_and_fit_self_play():
    env = make("parallel", "menu")
    try:
        for agent in env.possible_agents:
            assert env.observation_space(agent) is env.observation_space(agent)
            assert env.action_space(agent) is env.action_space(agent)
        # one policy can sit in both seats: same spaces, the role is in the observation
        assert env.observation_space("testgen_0") == env.observation_space("coder_0")
        assert env.action_space("testgen_0") == env.action_space("coder_0")
        obs, infos = env.reset(seed=0)
        assert obs["testgen_0"]["observation"][0] == 1.0 and obs["testgen_0"]["observation"][1] == 0.0
        assert obs["coder_0"]["observation"][0] == 0.0 and obs["coder_0"]["observation"][1] == 1.0
        for agent in env.agents:
            assert env.observation_space(agent).contains(obs[agent])
            assert obs[agent]["action_mask"][0] == 1 and obs[agent]["action_mask"][1:].any()
            assert all(isinstance(v, (float, dict)) or hasattr(v, "dtype") for v in infos[agent].values())
        assert env.state().shape == env.state_space.shape
    finally:
        env.close()


def test_default_tasks_are_function_style_single_bug_repairs_and_play_reports_rounds():
    tasks = testgen_coder_v2.default_tasks()
    assert len(tasks) > 20
    assert all(t.meta["n_bugs"] == 1 and t.files != t.reference for t in tasks)
    env = testgen_coder_v2.parallel_env(action_mode="menu", max_rounds=2, pool_size=6, menu_size=6, n_mutants=2,
                                        sandbox="docker")
    try:
        rows = testgen_coder_v2.play(env, {"testgen_0": "random", "coder_0": "oracle"}, seed=3,
                                     options={"task_id": tasks[0].id})
    finally:
        env.close()
    assert [row["round"] for row in rows] == [1, 2]
    for agent in ("testgen_0", "coder_0"):
        assert rows[-1][f"return:{agent}"] == pytest.approx(sum(row[f"reward:{agent}"] for row in rows))
    assert rows[-1]["hidden_verdict"] == "solved"  # the oracle coder restores the reference
    assert rows[-1]["reward:coder_0"] == pytest.approx(1.0)
    with pytest.raises(ConfigError, match="unknown scripted policy"):
        testgen_coder_v2.play(env, {"testgen_0": "genius"})

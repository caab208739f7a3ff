"""decompose_v2: the decomposition machine as two PettingZoo agents (real sandbox)."""

from __future__ import annotations

import numpy as np
import pytest
from pettingzoo.test import api_test

from codegym.multiagent import decompose_v2

TASK = "builtin/vigenere"
TASKS = [TASK, "builtin/roman_numerals"]


@pytest.mark.parametrize("action_mode", ["menu", "text"])
def test_pettingzoo_api_test(action_mode):
    env = decompose_v2.env(tasks=TASKS, action_mode=action_mode)
    try:
        api_test(env, num_cycles=4)
    finally:
        env.close()


def play(env, seed: int = 0) -> tuple[dict, dict, list[str]]:
    env.reset(seed=seed, options={"task_id": TASK})
    returns = {agent: 0.0 for agent in env.possible_agents}
    order = []
    for agent in env.agent_iter(max_iter=100):
        obs, reward, terminated, truncated, info = env.last()
        returns[agent] += reward
        if terminated or truncated:
            env.step(None)
            continue
        order.append(agent)
        assert obs["action_mask"].any() and info["acting"] == env.possible_agents.index(agent)
        env.step(env.unwrapped.oracle_action())
    return returns, info, order


def test_oracle_agents_solve_and_each_is_paid_its_own_reward():
    env = decompose_v2.env(tasks=TASKS, part_reward=2.0)
    try:
        returns, info, order = play(env)
        assert info["verdict"] == 1.0  # solved (numeric infos)
        assert order[0] == "manager_0" and "worker_0" in order and order[-1] == "manager_0"
        assert returns["manager_0"] == pytest.approx(2 * 2.0 + 10.0)  # +c per part, completion(solved)
        assert returns["worker_0"] == pytest.approx(2 * (1.0 + 1.0))  # progress 1 + bonus 1 per part
    finally:
        env.close()


def test_the_waiting_agent_sees_an_empty_mask_and_bad_actions_are_penalised():
    env = decompose_v2.raw_env(tasks=TASKS)
    try:
        env.reset(seed=0, options={"task_id": TASK})
        assert env.agent_selection == "manager_0"
        assert not env.observe("worker_0")["action_mask"].any()
        assert env.observe("manager_0")["action_mask"].tolist() == [1, 1, 1, 0, 0]
        env.step(4)  # part 3 of a two-part task
        assert env.rewards["manager_0"] == -1.0 and env.infos["manager_0"]["action_error"] == 1.0
        assert env.agent_selection == "manager_0"
        env.step(1)
        assert env.agent_selection == "worker_0"
        env.step(np.int64(16))  # an empty (or at best arbitrary) menu slot
        env.step(0)  # yield
        assert env.agent_selection == "manager_0"
    finally:
        env.close()

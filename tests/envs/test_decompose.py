"""codegym/Decompose-v2 and codegym/DecomposeMenu-v2: parts, observations, info, options, hostile actions.

All on the real Docker sandbox, with two small two-part builtin tasks.
"""

from __future__ import annotations

import json
import math

import gymnasium as gym
import numpy as np
import pytest
from gymnasium.utils.env_checker import check_env

import codegym  # noqa: F401
from codegym.envs.decompose import (MANAGER, WORKER, DecomposeMenuEnv, multipart_tasks, part_fractions,
                                    part_of_node, part_regions, part_targets)
from codegym.verdict import TestReport

TASK = "builtin/vigenere"  # parts: encrypt, decrypt
TASKS = [TASK, "builtin/roman_numerals"]
MENU, TEXT = "codegym/DecomposeMenu-v2", "codegym/Decompose-v2"


def act(tool: str, **args) -> str:
    return json.dumps({"tool": tool, "args": args})


def make(env_id: str = MENU, **kwargs):
    return gym.make(env_id, tasks=TASKS, **kwargs)


# ---------------------------------------------------------------- pure helpers
def test_part_of_node_and_fractions():
    names = ["encode", "decode"]
    assert part_of_node("_codegym_tests/test_decode.py::test_x", names) == "decode"
    assert part_of_node("_codegym_tests/test_integration.py::test_x", names) is None
    report = TestReport(outcomes={"_codegym_tests/test_encode.py::a": "passed",
                                  "_codegym_tests/test_encode.py::b": "failed",
                                  "_codegym_tests/test_decode.py::a": "passed",
                                  "_codegym_tests/test_other.py::a": "failed"})
    assert part_fractions(report, names).tolist() == [0.5, 1.0]
    assert part_fractions(report, ["all"], whole=True).tolist() == [0.5]
    assert part_fractions(None, names).tolist() == [0.0, 0.0]
    assert part_fractions(TestReport(outcomes=dict(report.outcomes), timed_out=True), names).tolist() == [0.0, 0.0]


def test_part_regions_cover_helpers_before_each_definition():
    source = "import re\n\nX = 1\n\ndef a():\n    pass\n\n\ndef _h():\n    pass\n\ndef b():\n    pass\n"
    assert part_regions(source, ["a", "b"]) == {"a": (1, 6), "b": (7, 13)}
    assert part_regions(source, ["a", "missing"]) == {"a": (1, 6)}


def test_every_multipart_task_has_targets_that_parse_and_change_their_region():
    tasks = multipart_tasks()
    assert len(tasks) >= 50
    for task in tasks:
        targets = part_targets(task)
        regions = part_regions(task.files["solution.py"], [p.entry_point for p in task.parts])
        lines = task.files["solution.py"].splitlines(keepends=True)
        solved = lines[:]
        for part in sorted(task.parts, key=lambda p: -regions[p.entry_point][0]):
            first, last = regions[part.entry_point]
            assert "".join(lines[first - 1:last]) != targets[part.entry_point], (task.id, part.name)
            solved[first - 1:last] = [targets[part.entry_point]]
        compile("".join(solved), task.id, "exec")


def test_multipart_tasks_rejects_a_set_without_a_usable_task():
    with pytest.raises(codegym.errors.ConfigError, match="at most 1 parts"):
        multipart_tasks(["builtin/stats_module"], max_parts=1)


# ---------------------------------------------------------------- checkers
@pytest.mark.parametrize("env_id", [MENU, TEXT])
def test_gymnasium_check_env(env_id):
    env = make(env_id)
    try:
        check_env(env.unwrapped, skip_render_check=True)
    finally:
        env.close()


def test_sb3_check_env_on_the_menu_variant():
    from stable_baselines3.common.env_checker import check_env as sb3_check_env

    env = make(MENU)
    try:
        sb3_check_env(env.unwrapped)
    finally:
        env.close()


# ---------------------------------------------------------------- observations, info, options
def test_manager_then_worker_observations_and_info():
    env = make(MENU)
    try:
        obs, info = env.reset(seed=0, options={"task_id": TASK})
        assert set(obs) == {"level", "part", "part_status", "budget", "action_mask", "candidates"}
        assert obs["level"] == MANAGER and obs["part"] == 0
        assert obs["part_status"][:, 0].tolist() == [1, 1, 0, 0]  # two parts exist
        assert obs["action_mask"][:3].tolist() == [1, 1, 1] and not obs["action_mask"][3:].any()
        for key in ("level", "part", "part_status", "manager_reward", "worker_reward", "manager_terms",
                    "worker_terms", "termination", "action_mask"):
            assert key in info
        assert set(info["manager_terms"]) == {"completion", "invalid_action", "parts", "parts_unconfirmed"}
        assert set(info["worker_terms"]) == {"progress", "part_passed", "regression", "unconfirmed", "invalid_action"}
        obs, reward, terminated, truncated, info = env.step(2)  # select part 1 (decrypt)
        assert (obs["level"], obs["part"], info["level"], info["part"]) == (WORKER, 2, WORKER, 1)
        assert reward == 0.0 and not info["action_error"] and info["termination"] == ""
        assert obs["action_mask"][0] == 1 and obs["action_mask"][1:].sum() == len(env.unwrapped.machine.menu.entries)
        assert obs["candidates"][: obs["action_mask"][1:].sum(), 0:].any()
        assert obs["budget"][0] == 1.0
    finally:
        env.close()


def test_option_ends_when_the_part_passes_and_pays_both_levels():
    env = make(MENU, part_reward=2.5)
    try:
        env.reset(seed=0, options={"task_id": TASK})
        env.step(1)  # select encrypt
        core = env.unwrapped
        rewards = []
        for _ in range(core.machine.worker_budget):
            obs, reward, terminated, truncated, info = env.step(core.oracle_action())
            rewards.append(info)
            if info["termination"]:
                break
        assert info["termination"] == "part_passed" and info["level"] == MANAGER and info["part"] == -1
        assert info["part_status"][0] == 1.0
        assert info["worker_terms"]["part_passed"] == 1.0
        assert info["manager_terms"]["parts"] == 2.5  # +c for the part that newly passes
        total_progress = sum(i["worker_terms"]["progress"] for i in rewards)
        assert math.isclose(total_progress, 1.0)  # potential-based: Φ went from 0 to 1
        assert math.isclose(reward, info["manager_reward"] + info["worker_reward"])
    finally:
        env.close()


def test_option_ends_on_yield_and_on_budget():
    env = make(MENU, worker_budget=2)
    try:
        env.reset(seed=0, options={"task_id": TASK})
        env.step(1)
        _, reward, *_, info = env.step(0)  # yield
        assert info["termination"] == "yield" and info["level"] == MANAGER and reward == 0.0
        env.step(1)
        *_, info = env.step(10**9)  # an empty slot: refused, but a worker step
        assert info["action_error"] and info["termination"] == ""
        *_, info = env.step(10**9)
        assert info["termination"] == "budget" and info["level"] == MANAGER
    finally:
        env.close()


def test_option_ends_with_the_episode_and_the_manager_is_settled():
    env = make(MENU, max_episode_steps=3)
    try:
        env.reset(seed=0, options={"task_id": TASK})
        env.step(1)
        env.step(10**9)
        _, reward, terminated, truncated, info = env.step(10**9)
        assert truncated and info["verdict"] == "timeout" and info["termination"] == "episode_end"
        assert info["manager_terms"]["completion"] <= -2.0  # the manager is paid at the end it did not act on
        assert math.isclose(reward, info["manager_reward"] + info["worker_reward"])
    finally:
        env.close()


def test_oracle_solves_with_text_tools():
    env = make(TEXT)
    try:
        env.reset(seed=0, options={"task_id": TASK})
        for _ in range(10):
            _, _, terminated, truncated, info = env.step(env.unwrapped.oracle_action())
            assert not info["action_error"]
            if terminated or truncated:
                break
        assert info["verdict"] == "solved" and info["termination"] == "submit"
        assert info["manager_terms"]["completion"] == 10.0
    finally:
        env.close()


def test_a_task_without_parts_is_one_part():
    env = gym.make(MENU, tasks=["builtin/two_sum"])
    try:
        obs, info = env.reset(seed=0)
        assert obs["part_status"][:, 0].tolist() == [1, 0, 0, 0]
        for _ in range(10):
            _, _, terminated, truncated, info = env.step(env.unwrapped.oracle_action())
            if terminated or truncated:
                break
        assert info["verdict"] == "solved"
    finally:
        env.close()


# ---------------------------------------------------------------- hostile actions
def _assert_refused(env, action, match: str, level: int):
    obs, reward, terminated, truncated, info = env.step(action)
    assert match in info["action_error"], info["action_error"]
    assert reward == -1.0 and info["reward_terms"]["invalid_action"] == -1.0
    assert not (terminated or truncated) and info["level"] == level and obs["level"] == level
    assert env.observation_space.contains(obs)


def test_hostile_manager_actions_menu():
    env = make(MENU)
    try:
        env.reset(seed=0, options={"task_id": TASK})
        _assert_refused(env, 3, "selects no part", MANAGER)  # part 2 of a two-part task
        _assert_refused(env, 999, "does not exist", MANAGER)
        _assert_refused(env, -1, "selects no part", MANAGER)
        _assert_refused(env, "yield", "not valid JSON", MANAGER)
    finally:
        env.close()


def test_hostile_actions_at_both_levels_text():
    env = make(TEXT)
    try:
        env.reset(seed=0, options={"task_id": TASK})
        _assert_refused(env, act("select", part=7), "does not exist", MANAGER)
        _assert_refused(env, act("select", part="nope"), "does not exist", MANAGER)
        _assert_refused(env, act("yield"), "worker tool", MANAGER)  # worker action while the manager acts
        _assert_refused(env, act("view_file", path="solution.py"), "worker tool", MANAGER)
        _assert_refused(env, act("launch"), "unknown manager tool", MANAGER)
        env.step(act("select", part="decrypt"))
        _assert_refused(env, act("submit"), "submit mid-option", WORKER)
        _assert_refused(env, act("select", part=0), "manager's action", WORKER)
        _assert_refused(env, act("view_file", path="../../etc/passwd"), "", WORKER)
        _assert_refused(env, "{", "not valid JSON", WORKER)
    finally:
        env.close()


def test_hostile_worker_menu_actions():
    env = make(MENU)
    try:
        env.reset(seed=0, options={"task_id": TASK})
        env.step(1)
        for action in (10**6, 10**9, np.array([1, 2]), 1.5, None, "0"):
            obs, reward, terminated, truncated, info = env.step(action)
            assert info["action_error"] and reward == -1.0 and env.observation_space.contains(obs)
            if info["level"] == MANAGER:
                env.step(1)
    finally:
        env.close()


def test_bad_env_kwargs_are_refused():
    with pytest.raises(codegym.errors.ConfigError, match="worker_budget"):
        DecomposeMenuEnv(tasks=TASKS, worker_budget=0)
    with pytest.raises(codegym.errors.ConfigError, match="part_reward"):
        DecomposeMenuEnv(tasks=TASKS, part_reward=float("nan"))

"""OptionsWrapper (the manager's semi-MDP) and WorkerWrapper (the worker alone) over the real envs."""

from __future__ import annotations

import gymnasium as gym
import numpy as np
import pytest
from gymnasium.utils.env_checker import check_env

import codegym  # noqa: F401
from codegym.envs.decompose import MANAGER, WORKER
from codegym.errors import ConfigError
from codegym.wrappers.options import OptionsWrapper, WorkerWrapper

TASK = "builtin/vigenere"
TASKS = [TASK, "builtin/roman_numerals"]
MENU = "codegym/DecomposeMenu-v2"


class Recorder(gym.Wrapper):
    """Records every flat step's reward and info (what the option's return must be made of)."""

    def __init__(self, env: gym.Env) -> None:
        super().__init__(env)
        self.steps: list[tuple[float, dict]] = []

    def step(self, action):
        obs, reward, terminated, truncated, info = self.env.step(action)
        self.steps.append((reward, info))
        return obs, reward, terminated, truncated, info


@pytest.mark.parametrize("worker", ["oracle", "random"])
def test_option_return_is_the_discounted_sum_of_the_steps_inside_it(worker):
    gamma = 0.9
    recorder = Recorder(gym.make(MENU, tasks=TASKS))
    env = OptionsWrapper(recorder, worker_policy=worker, gamma=gamma)
    try:
        env.reset(seed=3, options={"task_id": TASK})
        for action in (1, 2, 1, 0):
            recorder.steps.clear()
            obs, R, terminated, truncated, info = env.step(action)
            option = info["option"]
            rewards = np.array([r for r, _ in recorder.steps])
            discounts = gamma ** np.arange(len(rewards))
            assert option["tau"] == len(rewards) >= 1
            assert option["discount"] == pytest.approx(gamma ** option["tau"])
            assert R == pytest.approx(float(np.dot(discounts, rewards))) == option["discounted_return"]
            assert option["undiscounted_return"] == pytest.approx(rewards.sum())
            workers = np.array([i["worker_reward"] for _, i in recorder.steps])
            managers = np.array([i["manager_reward"] for _, i in recorder.steps])
            assert option["worker_return"] == pytest.approx(float(np.dot(discounts, workers)))
            assert option["manager_return"] == pytest.approx(float(np.dot(discounts, managers)))
            assert obs["level"] == MANAGER
            if action:
                assert option["part"] == action - 1
                assert option["termination"] in ("part_passed", "yield", "budget", "episode_end")
                assert option["tau"] <= 1 + env.core.machine.worker_budget
            if terminated or truncated:
                break
        assert terminated and option["termination"] == "submit"
    finally:
        env.close()


def test_oracle_worker_options_solve_and_report_tau():
    env = OptionsWrapper(gym.make(MENU, tasks=TASKS), worker_policy="oracle", gamma=1.0)
    try:
        env.reset(seed=0, options={"task_id": TASK})
        _, R, _, _, info = env.step(1)
        assert info["option"]["termination"] == "part_passed" and info["option"]["tau"] >= 2
        assert R >= 3.0  # progress 1 + part bonus 1 (worker) + c (manager)
        env.step(2)
        _, R, terminated, _, info = env.step(0)
        assert terminated and info["verdict"] == "solved" and info["option"]["tau"] == 1
    finally:
        env.close()


def test_callable_worker_policy_and_text_env():
    calls = []

    def lazy(obs, info):
        calls.append(info["level"])
        return '{"tool": "yield", "args": {}}'

    env = OptionsWrapper(gym.make("codegym/Decompose-v2", tasks=TASKS), worker_policy=lazy, gamma=0.5)
    try:
        env.reset(seed=0, options={"task_id": TASK})
        _, R, *_, info = env.step('{"tool": "select", "args": {"part": "encrypt"}}')
        assert calls == [WORKER] and info["option"]["termination"] == "yield" and info["option"]["tau"] == 2
        assert R == 0.0
        _, R, *_, info = env.step('{"tool": "select", "args": {"part": 9}}')
        assert info["option"]["termination"] == "invalid" and R == -1.0 and info["option"]["tau"] == 1
    finally:
        env.close()


@pytest.mark.parametrize("wrap", ["options", "worker"])
def test_wrappers_pass_gymnasium_and_sb3_checks(wrap):
    from stable_baselines3.common.env_checker import check_env as sb3_check_env

    base = gym.make(MENU, tasks=TASKS)
    env = OptionsWrapper(base, "oracle", 0.99) if wrap == "options" else WorkerWrapper(base, "oracle")
    try:
        check_env(env, skip_render_check=True)
        sb3_check_env(env)
    finally:
        env.close()


def test_worker_wrapper_hides_the_manager_and_pays_the_worker():
    env = WorkerWrapper(gym.make(MENU, tasks=TASKS), manager_policy="oracle")
    try:
        obs, info = env.reset(seed=0, options={"task_id": TASK})
        assert obs["level"] == WORKER and info["part"] == 0
        total = 0.0
        for _ in range(20):
            obs, reward, terminated, truncated, info = env.step(env.unwrapped.oracle_action())
            assert reward == pytest.approx(info["worker_reward"]) == pytest.approx(sum(info["worker_terms"].values()))
            total += reward
            if terminated or truncated:
                break
            assert obs["level"] == WORKER
        assert terminated and info["verdict"] == "solved"
        assert total == pytest.approx(4.0)  # two parts: progress 1 + bonus 1 each
    finally:
        env.close()


def test_bad_policies_and_gamma_are_refused():
    base = gym.make(MENU, tasks=TASKS)
    with pytest.raises(ConfigError, match="policy"):
        OptionsWrapper(base, worker_policy="clever")
    with pytest.raises(ConfigError, match="gamma"):
        OptionsWrapper(base, worker_policy="oracle", gamma=1.5)
    with pytest.raises(ConfigError, match="decomposition env"):
        WorkerWrapper(gym.make("CartPole-v1"))
    base.close()


@pytest.mark.slow
def test_maskable_ppo_trains_briefly_on_the_options_view():
    from sb3_contrib import MaskablePPO

    env = OptionsWrapper(gym.make(MENU, tasks=TASKS), worker_policy="oracle", gamma=0.99)
    try:
        model = MaskablePPO("MultiInputPolicy", env, n_steps=64, batch_size=32, n_epochs=2, seed=0, verbose=0)
        model.learn(total_timesteps=128)
        assert model.num_timesteps >= 128
        obs, _ = env.reset(seed=5)
        action, _ = model.predict(obs, action_masks=env.action_masks(), deterministic=True)
        assert env.action_masks()[int(action)] == 1
    finally:
        env.close()

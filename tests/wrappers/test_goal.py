"""GoalWrapper: the worker as a goal-conditioned env whose compute_reward equals the step reward."""

from __future__ import annotations

import gymnasium as gym
import numpy as np
import pytest
from gymnasium.utils.env_checker import check_env

import codegym  # noqa: F401
from codegym.errors import ConfigError
from codegym.wrappers.goal import GoalWrapper
from codegym.wrappers.options import WorkerWrapper

TASK = "builtin/vigenere"
TASKS = [TASK, "builtin/roman_numerals"]
MENU = "codegym/DecomposeMenu-v2"


def make(manager: str = "oracle") -> GoalWrapper:
    return GoalWrapper(WorkerWrapper(gym.make(MENU, tasks=TASKS), manager_policy=manager))


def record(env: GoalWrapper, policy, seed: int, steps: int = 30) -> list[tuple]:
    """``(achieved, desired-for-the-step, info, reward)`` of every step of one episode."""
    obs, _ = env.reset(seed=seed, options={"task_id": TASK})
    rng = np.random.default_rng(seed)
    transitions = []
    for _ in range(steps):
        obs_before = obs
        obs, reward, terminated, truncated, info = env.step(policy(env, rng))
        transitions.append((obs["achieved_goal"], obs_before["desired_goal"], info, reward))
        if terminated or truncated:
            break
    return transitions


def oracle(env, rng):
    return env.unwrapped.oracle_action()


def randomly(env, rng):
    """Valid menu actions, with an out-of-range one now and then (a penalised step)."""
    if rng.random() < 0.2:
        return 10**6
    valid = np.flatnonzero(env.env.action_masks())
    return int(rng.choice(valid))


@pytest.mark.parametrize("policy", [oracle, randomly], ids=["oracle", "random"])
def test_compute_reward_equals_the_step_reward_on_recorded_transitions(policy):
    env = make()
    try:
        transitions = record(env, policy, seed=1)
        assert transitions
        for achieved, desired, info, reward in transitions:
            assert np.array_equal(desired, info["step_desired_goal"])
            assert env.compute_reward(achieved, desired, info) == pytest.approx(reward)
            assert reward == pytest.approx(info["worker_reward"])  # the worker's own reward
        # vectorised: one call over the whole batch gives the same numbers
        achieved = np.stack([t[0] for t in transitions])
        desired = np.stack([t[1] for t in transitions])
        infos = np.array([t[2] for t in transitions], dtype=object)
        batch = env.compute_reward(achieved, desired, infos)
        assert batch.shape == (len(transitions),)
        assert np.allclose(batch, [t[3] for t in transitions])
        if policy is oracle:
            assert any(t[3] >= 1.0 for t in transitions)  # a part passed: progress and bonus
    finally:
        env.close()


def test_relabelled_goals_pay_for_what_was_achieved():
    """HER relabels the goal to another part: progress then counts toward that part."""
    env = make()
    try:
        transitions = record(env, oracle, seed=0)
        achieved, desired, info, reward = next(t for t in transitions if t[3] >= 1.0)
        k = int(np.argmax(desired))
        other = np.zeros_like(desired)
        other[1 - k] = 1.0  # the part that did not move
        relabelled = env.compute_reward(achieved, other, info)
        assert relabelled < reward
        assert relabelled == pytest.approx(info["penalty"])  # nothing moved for that goal
    finally:
        env.close()


def test_goal_wrapper_passes_gymnasium_and_sb3_checks():
    from stable_baselines3.common.env_checker import check_env as sb3_check_env

    env = make()
    try:
        check_env(env, skip_render_check=True)
        sb3_check_env(env)
        obs, _ = env.reset(seed=0)
        assert set(obs) == {"observation", "achieved_goal", "desired_goal"}
        assert obs["desired_goal"].sum() == 1.0
    finally:
        env.close()


def test_her_replay_buffer_accepts_the_goal_view():
    from stable_baselines3 import DQN, HerReplayBuffer

    env = GoalWrapper(WorkerWrapper(gym.make(MENU, tasks=TASKS, max_episode_steps=8), manager_policy="oracle"))
    try:
        model = DQN("MultiInputPolicy", env, replay_buffer_class=HerReplayBuffer,
                    replay_buffer_kwargs={"n_sampled_goal": 2, "goal_selection_strategy": "future",
                                          "copy_info_dict": True},  # the reward reads the step's info
                    learning_starts=10, batch_size=8, train_freq=4, seed=0, verbose=0)
        model.learn(total_timesteps=24)
        assert model.num_timesteps >= 24
    finally:
        env.close()


def test_compute_reward_without_the_step_info_says_what_to_do():
    with pytest.raises(ConfigError, match="copy_info_dict"):
        GoalWrapper.compute_reward(np.zeros((2, 4)), np.zeros((2, 4)), [{}, {}])


def test_goal_wrapper_needs_the_menu_env():
    with pytest.raises(ConfigError, match="DecomposeMenu"):
        GoalWrapper(gym.make("CartPole-v1"))

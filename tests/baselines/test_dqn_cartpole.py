"""Cross-check of baselines/dqn.py against SB3's DQN on CartPole-v1 with an all-ones mask.

What "within the CI" means here: both are trained with the same hyperparameters (the
RL-Zoo CartPole-v1 DQN settings from hyperparams.yml, cut to fit CI on two shared cores:
``STEPS`` env steps, ``GRADIENT_STEPS`` per ``train_frequency``, a ``NET_ARCH`` network) on
``SEEDS`` training seeds each. Each trained agent scores its mean greedy return over
``EVAL_EPISODES`` fixed-seed episodes. The check: the 95 % rliable percentile-bootstrap CI
of mean(ours) − mean(SB3), resampling each side's seeds independently, contains 0 (no
detectable difference at this budget), and both clearly beat uniform play (~22).
Three seeds a side give a wide interval: this catches a broken implementation (a wrong
target, a sign, a stale target net), not a few-percent difference.
"""

from __future__ import annotations

import numpy as np
import pytest

pytest.importorskip("torch")
pytest.importorskip("stable_baselines3")

SEEDS = (0, 1, 2)
STEPS = 12_000
GRADIENT_STEPS = 64
NET_ARCH = [64, 64]
EVAL_EPISODES = 10


def _hyper(dqn) -> dict:
    from codegym.evaluation.training import load_hyperparams

    h = load_hyperparams("dqn", "CartPole-v1")
    h.update(total_timesteps=STEPS, gradient_steps=GRADIENT_STEPS, net_arch=NET_ARCH)
    return h


def _greedy_return(policy, seed: int) -> float:
    import gymnasium as gym

    env = gym.make("CartPole-v1")
    returns = []
    for episode in range(EVAL_EPISODES):
        obs, info = env.reset(seed=10_000 + 100 * seed + episode)
        total, done = 0.0, False
        while not done:
            obs, reward, terminated, truncated, info = env.step(policy(obs))
            total += float(reward)
            done = terminated or truncated
        returns.append(total)
    env.close()
    return float(np.mean(returns))


def _ours(dqn, seed: int, tmp_path) -> float:
    import gymnasium as gym

    from codegym.evaluation.agents import make_eval_agent

    args = dqn.Args(env_id="CartPole-v1", seed=seed, device="cpu", tensorboard=False, checkpoint_freq=0,
                    run_dir=str(tmp_path / f"dqn_s{seed}"), **_hyper(dqn))
    path = dqn.train(args)
    agent = make_eval_agent(f"dqn:{path}", gym.make("CartPole-v1"))
    return _greedy_return(lambda obs: agent.policy(obs, {}), seed)


def _sb3(dqn, seed: int) -> float:
    import gymnasium as gym
    from stable_baselines3 import DQN

    h = _hyper(dqn)
    model = DQN("MlpPolicy", gym.make("CartPole-v1"), learning_rate=h["learning_rate"], buffer_size=h["buffer_size"],
                learning_starts=h["learning_starts"], batch_size=h["batch_size"], gamma=h["gamma"],
                train_freq=h["train_frequency"], gradient_steps=h["gradient_steps"],
                target_update_interval=h["target_network_frequency"], exploration_fraction=h["exploration_fraction"],
                exploration_initial_eps=h["start_e"], exploration_final_eps=h["end_e"],
                policy_kwargs={"net_arch": list(h["net_arch"])}, seed=seed, device="cpu")
    model.learn(total_timesteps=h["total_timesteps"])
    return _greedy_return(lambda obs: int(model.predict(obs, deterministic=True)[0]), seed)


@pytest.mark.slow
def test_masked_dqn_with_all_ones_mask_matches_sb3_dqn_on_cartpole(dqn, tmp_path):
    import torch

    from codegym.evaluation.stats import bootstrap_diff_ci

    threads = torch.get_num_threads()
    torch.set_num_threads(1)  # two shared cores: more threads only contend
    try:
        ours = [_ours(dqn, seed, tmp_path) for seed in SEEDS]
        theirs = [_sb3(dqn, seed) for seed in SEEDS]
    finally:
        torch.set_num_threads(threads)
    diff_ci = bootstrap_diff_ci(ours, theirs)
    message = f"ours {ours}, SB3 {theirs}, 95% CI of mean(ours) - mean(SB3) {diff_ci}"
    print(message)
    assert diff_ci[0] <= 0.0 <= diff_ci[1], message
    assert min(np.mean(ours), np.mean(theirs)) > 60.0, message  # both learn: uniform play scores ~22

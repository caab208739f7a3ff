"""DQN (Tianshou 2.x) on RepairMenu, with the env's action mask honoured by Tianshou itself.

Tianshou masks actions when the observation has a ``mask`` field, and RepairMenu's
``Dict`` observation has one (``obs["mask"]``, 1 = a menu entry is there), so the
Q-network never has an empty slot chosen for it. The Q-network scores every menu entry
with the same small MLP (the menu is shuffled each step, so no slot has a fixed meaning).

Install: ``pip install -e ".[tianshou]"``. Run::

    python examples/tianshou_dqn.py --timesteps 20000
"""

from __future__ import annotations

import argparse
import json
import os

import gymnasium as gym
import numpy as np
import torch
from tianshou.algorithm import DQN
from tianshou.algorithm.modelfree.dqn import DiscreteQLearningPolicy
from tianshou.algorithm.optim import AdamOptimizerFactory
from tianshou.data import Collector, VectorReplayBuffer
from tianshou.env import DummyVectorEnv
from tianshou.trainer import OffPolicyTrainerParams
from torch import nn

import codegym  # noqa: F401  (registers the codegym/* env ids)

#: The env this example trains on (override with CODEGYM_ENV_ID when the version changes).
ENV_ID = os.environ.get("CODEGYM_ENV_ID", "codegym/RepairMenu-v4")
#: Two small builtin tasks keep the example fast; pass --tasks mutations for generated repair tasks.
DEFAULT_TASKS = "builtin/fix_palindrome,builtin/digital_root"


class MenuQNet(nn.Module):
    """Q-values ``(B, menu_size + 1)``: index 0 is submit, 1.. the menu entries (shared weights)."""

    def __init__(self, n_features: int, n_context: int, hidden: int = 64) -> None:
        super().__init__()
        self.context = nn.Sequential(nn.Linear(n_context, hidden), nn.ReLU())
        self.entry = nn.Sequential(nn.Linear(n_features + hidden, hidden), nn.ReLU(), nn.Linear(hidden, 1))
        self.submit = nn.Linear(hidden, 1)

    def forward(self, obs, state=None, info=None):  # Tianshou's model signature
        def field(name: str) -> torch.Tensor:
            return torch.as_tensor(np.asarray(obs[name]), dtype=torch.float32)

        context = self.context(torch.cat([field("tests"), field("step")], dim=-1))
        entries = field("candidates")
        paired = torch.cat([entries, context.unsqueeze(1).expand(-1, entries.shape[1], -1)], dim=-1)
        return torch.cat([self.submit(context), self.entry(paired).squeeze(-1)], dim=-1), state


def main(argv: list[str] | None = None) -> dict:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--timesteps", type=int, default=20_000, help="env steps to train for")
    parser.add_argument("--tasks", default=DEFAULT_TASKS, help="comma-separated task ids, or a source name")
    parser.add_argument("--num-envs", type=int, default=2)
    parser.add_argument("--seed", type=int, default=0)
    args = parser.parse_args(argv)
    tasks = args.tasks.split(",") if "/" in args.tasks else args.tasks
    torch.manual_seed(args.seed)

    def make() -> gym.Env:
        return gym.make(ENV_ID, tasks=tasks, menu_size=16)

    train_envs = DummyVectorEnv([make for _ in range(args.num_envs)])
    test_envs = DummyVectorEnv([make])
    train_envs.seed(args.seed)
    test_envs.seed(args.seed + 100)
    space = train_envs.observation_space[0]
    net = MenuQNet(space["candidates"].shape[-1], space["tests"].shape[0] + space["step"].shape[0])
    policy = DiscreteQLearningPolicy(model=net, action_space=train_envs.action_space[0], eps_training=0.2,
                                     eps_inference=0.0)
    algorithm = DQN(policy=policy, optim=AdamOptimizerFactory(lr=1e-3), gamma=0.95, target_update_freq=100)
    buffer = VectorReplayBuffer(10_000, buffer_num=args.num_envs)
    train_collector = Collector(algorithm, train_envs, buffer, exploration_noise=True)
    test_collector = Collector(algorithm, test_envs)
    train_collector.reset()
    warmup = min(64, args.timesteps // 4)
    train_collector.collect(n_step=warmup, random=True)  # fill the buffer with random (masked) actions first

    epoch_steps = max((args.timesteps - warmup) // 2, 16)
    stats = algorithm.run_training(OffPolicyTrainerParams(
        training_collector=train_collector, test_collector=test_collector, max_epochs=2,
        epoch_num_steps=epoch_steps, collection_step_num_env_steps=16, test_step_num_episodes=1,
        batch_size=32, update_step_num_gradient_steps_per_sample=0.25, show_progress=False, verbose=False))
    train_envs.close()
    test_envs.close()
    result = {"example": "tianshou_dqn", "env": ENV_ID, "timesteps": warmup + int(stats.train_step),
              "gradient_steps": int(stats.update_step), "test_episodes": int(stats.test_episode),
              "best_test_return": round(float(stats.best_reward), 3)}
    print("RESULT " + json.dumps(result))
    return result


if __name__ == "__main__":
    main()

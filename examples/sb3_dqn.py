"""DQN (Stable-Baselines3) on RepairMenu: repair a buggy program by picking edits from a menu.

RepairMenu's observation is a ``Dict`` of ``Box``; DQN's ``MlpPolicy`` wants one ``Box``,
so ``FlattenMenuObservation`` concatenates the fields. DQN knows nothing of action masks:
a masked (empty) menu slot costs the env's ``invalid_action_penalty`` and the episode goes
on, so the agent learns to avoid them (MaskablePPO never picks them: see
``sb3_maskable_ppo.py``).

Install: ``pip install -e ".[rl]"``. Run::

    python examples/sb3_dqn.py --timesteps 20000
"""

from __future__ import annotations

import argparse
import json
import os

import gymnasium as gym
from stable_baselines3 import DQN
from stable_baselines3.common.evaluation import evaluate_policy

import codegym  # noqa: F401  (registers the codegym/* env ids)
from codegym.wrappers import FlattenMenuObservation

#: The env this example trains on (override with CODEGYM_ENV_ID when the version changes).
ENV_ID = os.environ.get("CODEGYM_ENV_ID", "codegym/RepairMenu-v4")
#: Two small builtin tasks keep the example fast; pass --tasks mutations for generated repair tasks.
DEFAULT_TASKS = "builtin/fix_palindrome,builtin/digital_root"


def make_env(tasks: list[str] | str) -> gym.Env:
    """RepairMenu with an 8-entry menu, its Dict observation flattened into one float32 Box."""
    return FlattenMenuObservation(gym.make(ENV_ID, tasks=tasks, menu_size=8))


def main(argv: list[str] | None = None) -> dict:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--timesteps", type=int, default=20_000, help="env steps to train for")
    parser.add_argument("--tasks", default=DEFAULT_TASKS, help="comma-separated task ids, or a source name")
    parser.add_argument("--seed", type=int, default=0)
    args = parser.parse_args(argv)
    tasks = args.tasks.split(",") if "/" in args.tasks else args.tasks

    env = make_env(tasks)
    model = DQN("MlpPolicy", env, learning_starts=min(100, args.timesteps // 2), train_freq=4, buffer_size=10_000,
                batch_size=32, exploration_fraction=0.5, seed=args.seed, device="cpu", verbose=0)
    model.learn(total_timesteps=args.timesteps)

    mean_return, std_return = evaluate_policy(model, env, n_eval_episodes=2, deterministic=True)
    env.close()
    result = {"example": "sb3_dqn", "env": ENV_ID, "timesteps": int(model.num_timesteps),
              "eval_return": round(float(mean_return), 3), "eval_std": round(float(std_return), 3)}
    print("RESULT " + json.dumps(result))
    return result


if __name__ == "__main__":
    main()

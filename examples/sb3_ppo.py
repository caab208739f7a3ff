"""PPO (Stable-Baselines3) on CodeEdit: text observations as numbers, tool calls as a ``Discrete`` menu.

CodeEdit's observation is a ``Dict`` of ``Text`` and its action is a JSON tool call, which
SB3's policies cannot take directly. Two wrappers from ``codegym.wrappers`` fit it:

* ``CandidateActionWrapper`` turns a list of tool calls into ``Discrete(len(list))``;
* ``TextFeatureObservation`` turns the text fields into hashed n-gram counts (a flat ``Box``).

Install: ``pip install -e ".[rl]"``. Run::

    python examples/sb3_ppo.py --timesteps 20000
"""

from __future__ import annotations

import argparse
import json
import os

import gymnasium as gym
from stable_baselines3 import PPO
from stable_baselines3.common.env_util import make_vec_env

import codegym  # noqa: F401  (registers the codegym/* env ids)
from codegym.wrappers import CODEEDIT_BASIC_ACTIONS, CandidateActionWrapper, TextFeatureObservation

#: The env this example trains on (override with CODEGYM_ENV_ID when the version changes).
ENV_ID = os.environ.get("CODEGYM_ENV_ID", "codegym/CodeEdit-v4")
#: Two small builtin tasks keep the example fast; pass --tasks builtin for the whole pack.
DEFAULT_TASKS = "builtin/digital_root,builtin/leap_years"


def make_env(tasks: list[str] | str) -> gym.Env:
    """One CodeEdit env with a 4-action menu (run_tests, list_files, view_file, submit) and 64-dim text features."""
    env = gym.make(ENV_ID, tasks=tasks, max_episode_steps=8)
    env = CandidateActionWrapper(env, CODEEDIT_BASIC_ACTIONS)
    return TextFeatureObservation(env, dim=64)


def main(argv: list[str] | None = None) -> dict:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--timesteps", type=int, default=20_000, help="env steps to train for")
    parser.add_argument("--tasks", default=DEFAULT_TASKS, help="comma-separated task ids, or a source name")
    parser.add_argument("--seed", type=int, default=0)
    args = parser.parse_args(argv)
    tasks = args.tasks.split(",") if "/" in args.tasks else args.tasks

    # Two envs, each with its own Docker sandbox; SB3 steps them one after the other.
    venv = make_vec_env(lambda: make_env(tasks), n_envs=2, seed=args.seed)
    model = PPO("MlpPolicy", venv, n_steps=64, batch_size=64, n_epochs=2, seed=args.seed, device="cpu", verbose=0)
    model.learn(total_timesteps=args.timesteps)

    # Play one episode with the trained policy and report what happened.
    env = make_env(tasks)
    obs, info = env.reset(seed=args.seed)
    total, done = 0.0, False
    while not done:
        action, _ = model.predict(obs, deterministic=True)
        obs, reward, terminated, truncated, info = env.step(int(action))
        total += float(reward)
        done = terminated or truncated
    env.close()
    venv.close()
    result = {"example": "sb3_ppo", "env": ENV_ID, "timesteps": int(model.num_timesteps),
              "eval_return": round(total, 3), "eval_verdict": info.get("verdict")}
    print("RESULT " + json.dumps(result))
    return result


if __name__ == "__main__":
    main()

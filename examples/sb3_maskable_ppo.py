"""MaskablePPO (sb3-contrib) on RepairMenu: PPO that never picks an empty menu slot.

RepairMenu's ``Dict`` observation works with ``MultiInputPolicy`` as it is, and the env
has ``action_masks()``, which MaskablePPO reads on its own (through the wrappers
``gym.make`` adds). At prediction time pass the mask yourself:
``env.get_wrapper_attr("action_masks")()``.

Install: ``pip install -e ".[rl]"``. Run::

    python examples/sb3_maskable_ppo.py --timesteps 20000
"""

from __future__ import annotations

import argparse
import json
import os

import gymnasium as gym
from sb3_contrib import MaskablePPO

import codegym  # noqa: F401  (registers the codegym/* env ids)

#: The env this example trains on (override with CODEGYM_ENV_ID when the version changes).
ENV_ID = os.environ.get("CODEGYM_ENV_ID", "codegym/RepairMenu-v4")
#: Two small builtin tasks keep the example fast; pass --tasks mutations for generated repair tasks.
DEFAULT_TASKS = "builtin/fix_palindrome,builtin/digital_root"


def main(argv: list[str] | None = None) -> dict:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--timesteps", type=int, default=20_000, help="env steps to train for")
    parser.add_argument("--tasks", default=DEFAULT_TASKS, help="comma-separated task ids, or a source name")
    parser.add_argument("--seed", type=int, default=0)
    args = parser.parse_args(argv)
    tasks = args.tasks.split(",") if "/" in args.tasks else args.tasks

    env = gym.make(ENV_ID, tasks=tasks, menu_size=16)
    model = MaskablePPO("MultiInputPolicy", env, n_steps=64, batch_size=64, n_epochs=2, seed=args.seed,
                        device="cpu", verbose=0)
    model.learn(total_timesteps=args.timesteps)

    # Evaluate: two greedy episodes, masking by hand; count refused (masked) actions.
    returns, verdicts, refused = [], [], 0
    for episode in range(2):
        obs, info = env.reset(seed=args.seed + episode)
        total, done = 0.0, False
        while not done:
            mask = env.get_wrapper_attr("action_masks")()
            action, _ = model.predict(obs, action_masks=mask, deterministic=True)
            obs, reward, terminated, truncated, info = env.step(int(action))
            refused += bool(info.get("action_error"))  # "" when the action was accepted
            total += float(reward)
            done = terminated or truncated
        returns.append(round(total, 3))
        verdicts.append(info.get("verdict"))
    env.close()
    result = {"example": "sb3_maskable_ppo", "env": ENV_ID, "timesteps": int(model.num_timesteps),
              "eval_returns": returns, "eval_verdicts": verdicts, "refused_actions": refused}
    print("RESULT " + json.dumps(result))
    return result


if __name__ == "__main__":
    main()

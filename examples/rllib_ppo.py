"""Masked PPO (Ray RLlib, new API stack) on RepairMenu, through ``codegym.integrations.rllib``.

* ``masked_ppo_config(ENV_ID, env_config)`` registers the env with RLlib under its own id
  (the creator imports codegym inside each worker and gives every env its own seed,
  derived from ``base_seed`` and the worker's indexes) and returns a ``PPOConfig`` whose
  RLModule applies ``obs["action_mask"]`` to the logits: PPO never picks an empty menu
  slot (RLlib has no built-in mask). Set runners and batch sizes on it as usual.
* Each env runner's env opens its own sandbox, on its first reset.

Ray writes its session files under ``RAY_TMPDIR`` (default ``/tmp/ray``) and its results
under ``~/ray_results``; point ``HOME``/``RAY_TMPDIR`` elsewhere to keep them out.

Install: ``pip install -e ".[ray]"``. Run::

    python examples/rllib_ppo.py --timesteps 20000 --env-runners 2
"""

from __future__ import annotations

import argparse
import json
import os

#: The env this example trains on (override with CODEGYM_ENV_ID when the version changes).
ENV_ID = os.environ.get("CODEGYM_ENV_ID", "codegym/RepairMenu-v4")
#: Two small builtin tasks keep the example fast; pass --tasks mutations for generated repair tasks.
DEFAULT_TASKS = "builtin/fix_palindrome,builtin/digital_root"


def main(argv: list[str] | None = None) -> dict:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--timesteps", type=int, default=20_000, help="env steps to train for")
    parser.add_argument("--tasks", default=DEFAULT_TASKS, help="comma-separated task ids, or a source name")
    parser.add_argument("--env-runners", type=int, default=1, help="RLlib worker processes (0: sample in this one)")
    parser.add_argument("--batch", type=int, default=128, help="env steps per training iteration")
    parser.add_argument("--seed", type=int, default=0)
    args = parser.parse_args(argv)
    tasks = args.tasks.split(",") if "/" in args.tasks else args.tasks

    import ray

    from codegym.integrations.rllib import masked_ppo_config

    ray.init(num_cpus=max(2, args.env_runners + 1), include_dashboard=False, log_to_driver=False,
             configure_logging=False)
    # env_config: gym.make's keywords, plus base_seed (the seeds of every worker's envs derive from it).
    config = (
        masked_ppo_config(ENV_ID, {"tasks": tasks, "menu_size": 16, "base_seed": args.seed}, hiddens=(64, 64))
        .env_runners(num_env_runners=args.env_runners, num_envs_per_env_runner=1,
                     rollout_fragment_length="auto")
        .training(train_batch_size_per_learner=args.batch, minibatch_size=min(64, args.batch), num_epochs=2, lr=3e-4)
        .debugging(seed=args.seed, log_level="ERROR")
    )
    algo = config.build_algo()
    sampled, iterations, mean_return = 0, 0, None
    while sampled < args.timesteps:
        result = algo.train()
        iterations += 1
        sampled = int(result["num_env_steps_sampled_lifetime"])
        # Episode stats appear once a worker has finished an episode (and reported it).
        mean_return = result.get("env_runners", {}).get("episode_return_mean", mean_return)
        print(f"iteration {iterations}: {sampled} env steps, mean episode return {mean_return}", flush=True)
    algo.stop()
    ray.shutdown()
    out = {"example": "rllib_ppo", "env": ENV_ID, "timesteps": sampled, "iterations": iterations,
           "mean_return": None if mean_return is None else round(float(mean_return), 3)}
    print("RESULT " + json.dumps(out))
    return out


if __name__ == "__main__":
    main()

"""``codegym run ENV_ID --agent random|oracle|MODULE:CALLABLE --episodes N``."""

from __future__ import annotations

import argparse
import json
import sys


def register(sub: argparse._SubParsersAction) -> None:
    parser = sub.add_parser("run", help="run episodes of an env with an agent and print a table")
    parser.add_argument("env_id", help="e.g. codegym/CodeEdit-v1")
    parser.add_argument("--agent", default="random", help="random, oracle, or MODULE:CALLABLE (a factory taking the env)")
    parser.add_argument("--episodes", type=int, default=5)
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--tasks", help="task source name (default: the env's own)")
    parser.add_argument("--task", action="append", default=[], help="a task id to play (repeatable; cycles)")
    parser.add_argument("--json", action="store_true", help="print results as JSON")
    parser.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    import gymnasium as gym
    from tqdm import tqdm

    import codegym  # noqa: F401  (registers the envs)
    from codegym.agents import make_agent
    from codegym.bench.timing import render_table
    from codegym.errors import ConfigError
    from codegym.rollout import run_episode, summarise

    if args.episodes < 1:
        raise ConfigError(f"--episodes must be >= 1, got {args.episodes}")
    kwargs = {"tasks": args.tasks} if args.tasks else {}
    try:
        env = gym.make(args.env_id, **kwargs)
    except gym.error.Error as exc:
        raise ConfigError(f"cannot make {args.env_id!r}: {exc}") from None
    results = []
    try:
        policy = make_agent(args.agent, env)
        for episode in tqdm(range(args.episodes), desc=f"{args.env_id} / {args.agent}", file=sys.stderr, disable=None):
            options = {"task_id": args.task[episode % len(args.task)]} if args.task else None
            results.append(run_episode(env, policy, seed=args.seed + episode, options=options))
    finally:
        env.close()
    summary = summarise(results)
    if args.json:
        print(json.dumps({"results": [r.__dict__ for r in results], "summary": summary}, indent=2))
        return 0
    rows = [[i, r.task_id, r.steps, r.episode_return, r.verdict + ("" if r.reward_valid else " (invalid reward)")]
            for i, r in enumerate(results)]
    print(render_table(["episode", "task", "steps", "return", "verdict"], rows))
    print(f"\n{args.agent} on {args.env_id}: solved {summary['solve_rate']:.0%} of {summary['episodes']} episodes; "
          f"mean return {summary['mean_return']:.2f} ± {summary['std_return']:.2f}; verdicts {summary['verdicts']}")
    return 0

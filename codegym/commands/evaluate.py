"""``codegym evaluate --env ID --agent SPEC --episodes N --seed S --split test --out DIR``.

Example:
    codegym evaluate --env codegym/RepairMenu-v1 --agent ppo:runs/ppo_s0/model.zip \\
        --episodes 50 --seed 1000 --split test --out baselines/results
"""

from __future__ import annotations

import argparse
import json


def _json_or_name(text: str) -> object:
    from codegym.errors import ConfigError

    if text.lstrip().startswith("{"):
        try:
            return json.loads(text)
        except json.JSONDecodeError as exc:
            raise ConfigError(f"--tasks: not valid JSON ({exc}); e.g. '{{\"source\": \"mutations\"}}'") from None
    return text


def command_line(args: argparse.Namespace) -> list[str]:
    """The ``codegym evaluate`` command that reproduces this run (recorded in the results' provenance)."""
    argv = ["codegym", "evaluate", "--env", args.env, "--agent", args.agent, "--episodes", str(args.episodes),
            "--seed", str(args.seed), "--split", args.split, "--out", args.out]
    for flag, value in (("--tasks", args.tasks), ("--name", args.name), ("--training-seed", args.training_seed)):
        if value is not None:
            argv += [flag, str(value)]
    for task in args.task:
        argv += ["--task", task]
    if args.env_kwargs != "{}":
        argv += ["--env-kwargs", args.env_kwargs]
    return argv


def register(sub: argparse._SubParsersAction) -> None:
    from codegym.evaluation import DEFAULT_ENV_ID

    parser = sub.add_parser("evaluate", help="evaluate an agent on held-out tasks and write a codegym.results/v1 file")
    parser.add_argument("--env", default=DEFAULT_ENV_ID, help=f"env id (default {DEFAULT_ENV_ID})")
    parser.add_argument("--agent", required=True,
                        help="random, oracle, MODULE:CALLABLE, ppo:PATH (baselines/ppo.py) or dqn:PATH (baselines/dqn.py)")
    parser.add_argument("--episodes", type=int, default=20)
    parser.add_argument("--seed", type=int, default=0, help="episode i is reset with seed SEED + i")
    parser.add_argument("--split", default="test", help="train, validation or test (default test: held out)")
    parser.add_argument("--tasks", help="task source name or JSON such as '{\"source\": \"mutations\", \"verify\": false}' "
                                        "(default: the env's own source)")
    parser.add_argument("--task", action="append", default=[], help="a held-out task id to play (repeatable; cycles)")
    parser.add_argument("--env-kwargs", default="{}", help="extra env kwargs as JSON, e.g. '{\"max_steps\": 10}'")
    parser.add_argument("--name", help="agent name in the table (default: ppo, dqn, random, oracle or the callable)")
    parser.add_argument("--training-seed", type=int, help="the training seed (read from checkpoint metadata when present)")
    parser.add_argument("--out", required=True, help="folder for <env>__<agent>__seed<S>.json and .episodes.jsonl")
    parser.add_argument("--no-progress", action="store_true", help="no progress bar")
    parser.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    import codegym  # noqa: F401  (registers the envs)
    from codegym.errors import ConfigError
    from codegym.evaluation.evaluator import evaluate

    try:
        env_kwargs = json.loads(args.env_kwargs)
    except json.JSONDecodeError as exc:
        raise ConfigError(f"--env-kwargs: not valid JSON ({exc}); e.g. '{{\"max_steps\": 10}}'") from None
    if not isinstance(env_kwargs, dict):
        raise ConfigError(f"--env-kwargs must be a JSON object, got {args.env_kwargs!r}")
    tasks = _json_or_name(args.tasks) if args.tasks else None
    doc, _, path = evaluate(args.env, args.agent, args.episodes, seed=args.seed, split=args.split, out=args.out,
                            tasks=tasks, task_ids=args.task, env_kwargs=env_kwargs, name=args.name,
                            training_seed=args.training_seed, progress=not args.no_progress,
                            argv=command_line(args))
    m = doc["metrics"]
    print(f"{doc['agent']['name']} on {args.env} ({args.split}): solved {m['solve_rate']:.0%} of {m['episodes']} "
          f"episodes; return {m['return_mean']:.2f} ± {m['return_std']:.2f} (ddof=0); "
          f"{m['invalid_reward_episodes']} with an invalid reward")
    print(f"wrote {path}")
    return 0

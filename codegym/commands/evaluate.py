"""``codegym evaluate --env ID --agent SPEC --episodes N --seed S --split test --out DIR``.

Example:
    codegym evaluate --env codegym/RepairMenu-v1 --agent ppo:runs/ppo_s0/model.zip \\
        --episodes 50 --seed 1000 --split test --out baselines/results
    codegym evaluate --env codegym/RepairMenu-v4 --agent oracle --episodes 50 --out results --ray auto --workers 8
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
    if getattr(args, "ray", None) is not None:
        argv += ["--ray", args.ray, "--workers", str(args.workers)]
    return argv


def register(sub: argparse._SubParsersAction) -> None:
    from codegym.evaluation import DEFAULT_ENV_ID

    parser = sub.add_parser("evaluate", help="evaluate an agent on held-out tasks and write a codegym.results/v1 file")
    parser.add_argument("--env", default=DEFAULT_ENV_ID, help=f"env id (default {DEFAULT_ENV_ID})")
    parser.add_argument("--agent", required=True,
                        help="random, oracle, submit (submit at once), MODULE:CALLABLE, ppo:PATH (baselines/ppo.py) or dqn:PATH (baselines/dqn.py)")
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
    ray = parser.add_argument_group("distributed (needs pip install 'codegym[ray]')")
    ray.add_argument("--ray", nargs="?", const="local", metavar="ADDRESS",
                     help="spread the episodes over Ray actors: --ray alone starts a local cluster, --ray auto joins "
                          "the one started here with `ray start`, or give HOST:PORT / ray://HOST:10001")
    ray.add_argument("--workers", type=int, help="Ray actors, one env and one CPU each (default 2)")
    ray.add_argument("--max-retries", type=int,
                     help="retries of an episode whose actor died before it is recorded with status error (default 1)")
    ray.add_argument("--no-resume", action="store_true",
                     help="replay every episode even when a killed run left its partial journal in --out")
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
    if args.ray is not None:
        return _run_on_ray(args, tasks, env_kwargs)
    given = [flag for flag, value in (("--workers", args.workers), ("--max-retries", args.max_retries),
                                      ("--no-resume", args.no_resume or None)) if value is not None]
    if given:
        raise ConfigError(f"{', '.join(given)}: only for --ray runs; add --ray (a local cluster) or --ray ADDRESS")
    doc, _, path = evaluate(args.env, args.agent, args.episodes, seed=args.seed, split=args.split, out=args.out,
                            tasks=tasks, task_ids=args.task, env_kwargs=env_kwargs, name=args.name,
                            training_seed=args.training_seed, progress=not args.no_progress,
                            argv=command_line(args))
    return _report(args, doc, path)


def _run_on_ray(args: argparse.Namespace, tasks: object, env_kwargs: dict) -> int:
    import sys

    from codegym.integrations.ray import evaluate_on_ray

    args.workers = 2 if args.workers is None else args.workers
    doc, _, path = evaluate_on_ray(
        args.env, args.agent, args.episodes, seed=args.seed, split=args.split, out=args.out, workers=args.workers,
        address=args.ray, max_retries=1 if args.max_retries is None else args.max_retries,
        resume=not args.no_resume, tasks=tasks, task_ids=args.task, env_kwargs=env_kwargs, name=args.name,
        training_seed=args.training_seed, argv=command_line(args),
        progress=None if args.no_progress else lambda line: print(line, file=sys.stderr, flush=True))
    status = _report(args, doc, path)
    ray = doc["evaluation"]["ray"]
    print(f"ray: {ray['workers']} workers, {ray['played']} played, {ray['resumed']} resumed, "
          f"{ray['actor_replacements']} actors replaced, {ray['errors']} episodes with status error")
    if ray["errors"]:
        sys.stdout.flush()
        print(f"codegym: error: {ray['errors']} of {args.episodes} episode(s) failed on every try (their actors "
              f"died or their episode raised) and are recorded with status error, not averaged in; see their "
              f"'error' in {path} and rerun (a rerun with the same --out plays only those)", file=sys.stderr)
        return max(status, 1)
    return status


#: Exit status when any evaluated episode's reward was invalid (the results file is still written).
EXIT_INVALID_REWARD = 1


def _report(args: argparse.Namespace, doc: dict, path: object) -> int:
    """Print the summary; the exit status: :data:`EXIT_INVALID_REWARD` when any reward was invalid, else 0."""
    import sys

    m = doc["metrics"]
    print(f"{doc['agent']['name']} on {args.env} ({args.split}): solved {m['solve_rate']:.0%} of {m['episodes']} "
          f"episodes; return {m['return_mean']:.2f} ± {m['return_std']:.2f} (ddof=0); "
          f"{m['invalid_reward_episodes']} with an invalid reward")
    print(f"wrote {path}")
    if m["invalid_reward_episodes"]:
        sys.stdout.flush()
        print(f"codegym: error: {m['invalid_reward_episodes']} of {m['episodes']} episode(s) had an invalid reward "
              "(a sandbox failure), so their returns say nothing about the agent; the metrics above include them. "
              "Check the Docker engine (`codegym doctor`) and evaluate again", file=sys.stderr)
        return EXIT_INVALID_REWARD
    return 0

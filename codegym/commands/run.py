"""``codegym run ENV_ID --agent random|oracle|MODULE:CALLABLE --episodes N``."""

from __future__ import annotations

import argparse
import json
import os
import sys

import gymnasium as gym

#: Exit status of ``codegym run`` when any episode's reward was invalid (the sandbox failed).
EXIT_INVALID_REWARD = 1


def register(sub: argparse._SubParsersAction) -> None:
    parser = sub.add_parser("run", help="run episodes of an env with an agent and print a table")
    parser.add_argument("env_id", help="e.g. codegym/CodeEdit-v4, or a PettingZoo env such as "
                                         "codegym.multiagent.author_reviewer_v2")
    parser.add_argument("--agent", default="random",
                        help="random, oracle, or MODULE:CALLABLE (a factory taking the env; MODULE may be a .py "
                             "file in the current directory)")
    parser.add_argument("--episodes", type=int, default=5)
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--tasks", help="task source name (default: the env's own)")
    parser.add_argument("--task", action="append", default=[], help="a task id to play (repeatable; cycles)")
    parser.add_argument("--agents", help="PettingZoo envs: one policy per agent, comma-separated (random, oracle), "
                                         "e.g. --agents random,oracle")
    parser.add_argument("--action-mode", default="menu", choices=["menu", "text"], help="PettingZoo envs' variant")
    parser.add_argument("--json", action="store_true", help="print results as JSON")
    parser.set_defaults(func=run)


def run_multiagent(args: argparse.Namespace) -> int:
    """Play a PettingZoo env with scripted policies and print one row per round (every agent's reward)."""
    from codegym.errors import ConfigError
    from codegym.multiagent.play import format_rounds, load_env_module, play

    module = load_env_module(args.env_id)
    agents = module.raw_env.possible_agents if hasattr(module.raw_env, "possible_agents") else None
    specs = args.agents.split(",") if args.agents else ["random"] * len(agents or ("a", "b"))
    if args.episodes < 1:
        raise ConfigError(f"--episodes must be >= 1, got {args.episodes}")
    kwargs = {"action_mode": args.action_mode}
    if args.tasks:
        kwargs["tasks"] = args.tasks
    elif args.task:
        kwargs["tasks"] = list(args.task)
    rows = play(args.env_id, specs, seed=args.seed, episodes=args.episodes, **kwargs)
    if args.json:
        print(json.dumps({"rounds": rows}, indent=2))
    else:
        print(format_rounds(rows))
    errors = [row for row in rows if row.get("verdict") == "error"]
    if errors:
        print(f"codegym: error: {len(errors)} episode(s) ended with verdict 'error' (a sandbox failure): their "
              "returns say nothing about the agents", file=sys.stderr)
        return EXIT_INVALID_REWARD
    return 0


class InvalidRewardWatch(gym.Wrapper):
    """Remembers, per episode, why a step's reward was invalid (``info["reward_valid"]`` False).

    Example:
        >>> env = InvalidRewardWatch(gym.make("codegym/CodeGen-v4"))  # doctest: +SKIP
        >>> env.reasons  # one entry per episode: None, or why its reward says nothing about the agent  # doctest: +SKIP
    """

    def __init__(self, env: gym.Env) -> None:
        super().__init__(env)
        self.reasons: list[str | None] = []

    def reset(self, **kwargs):
        self.reasons.append(None)
        return self.env.reset(**kwargs)

    def step(self, action):
        out = self.env.step(action)
        info = out[-1]
        if not info.get("reward_valid", True) and self.reasons and self.reasons[-1] is None:
            self.reasons[-1] = invalid_reason(info)
        return out


def invalid_reason(info: dict) -> str:
    """Why a step's reward is invalid: ``failure_reason``, else the first reward term's ``reason``."""
    reason = info.get("failure_reason")
    if isinstance(reason, str) and reason:
        return reason
    for term in (info.get("reward_terms") or {}).values():
        detail = term.get("info") if isinstance(term, dict) else None
        if isinstance(detail, dict) and detail.get("reason"):
            return str(detail["reason"])
    return "the env marked the reward invalid and gave no reason"


def _agent_import_path(spec: str) -> None:
    """Let ``--agent mymod:make`` find ``mymod.py`` in the current directory, as ``python -m`` would.

    The directory goes at the *end* of ``sys.path``: an installed module of the same name wins.
    """
    if spec in ("random", "oracle") or ":" not in spec:
        return
    cwd = os.getcwd()
    if cwd not in sys.path and "" not in sys.path:
        sys.path.append(cwd)


def run(args: argparse.Namespace) -> int:
    from tqdm import tqdm

    if args.env_id.startswith("codegym.multiagent.") or args.agents:
        return run_multiagent(args)

    import codegym  # noqa: F401  (registers the envs)
    from codegym.agents import make_agent
    from codegym.bench.timing import render_table
    from codegym.errors import ConfigError
    from codegym.rollout import run_episode, summarise

    if args.episodes < 1:
        raise ConfigError(f"--episodes must be >= 1, got {args.episodes}")
    kwargs = {"tasks": args.tasks} if args.tasks else {}
    try:
        env = InvalidRewardWatch(gym.make(args.env_id, **kwargs))
    except gym.error.Error as exc:
        raise ConfigError(f"cannot make {args.env_id!r}: {exc}") from None
    results = []
    try:
        _agent_import_path(args.agent)
        try:
            policy = make_agent(args.agent, env)
        except ConfigError as exc:
            if "ModuleNotFoundError" in str(exc):
                raise ConfigError(f"{exc}. codegym looks for the module on the import path and in the current "
                                  f"directory ({os.getcwd()}); for a module elsewhere, run with PYTHONPATH=DIR") from None
            raise
        for episode in tqdm(range(args.episodes), desc=f"{args.env_id} / {args.agent}", file=sys.stderr, disable=None):
            options = {"task_id": args.task[episode % len(args.task)]} if args.task else None
            results.append(run_episode(env, policy, seed=args.seed + episode, options=options))
    finally:
        env.close()
    summary = summarise(results)
    invalid = [(i, reason) for i, reason in enumerate(env.reasons[:len(results)]) if reason is not None
               or not results[i].reward_valid]
    if args.json:
        print(json.dumps({"results": [r.__dict__ for r in results], "summary": summary,
                          "invalid": [{"episode": i, "reason": reason} for i, reason in invalid]}, indent=2))
    else:
        rows = [[i, r.task_id, r.steps, r.episode_return, r.verdict + ("" if r.reward_valid else " (invalid reward)")]
                for i, r in enumerate(results)]
        print(render_table(["episode", "task", "steps", "return", "verdict"], rows))
        print(f"\n{args.agent} on {args.env_id}: solved {summary['solve_rate']:.0%} of {summary['episodes']} episodes; "
              f"mean return {summary['mean_return']:.2f} ± {summary['std_return']:.2f}; verdicts {summary['verdicts']}")
    if invalid:
        sys.stdout.flush()
        first, reason = invalid[0]
        print(f"codegym: error: {len(invalid)} of {len(results)} episode(s) had an invalid reward, so their returns "
              f"say nothing about the agent (episode {first}: {reason or 'reward marked invalid'})", file=sys.stderr)
        return EXIT_INVALID_REWARD
    return 0

"""``codegym rewards list|score``."""

from __future__ import annotations

import argparse
import json

#: Weights ``codegym rewards score`` uses without ``--reward``: every built-in term.
SCORE_WEIGHTS = {"tests": 1.0, "completion": 1.0, "shaping": 1.0, "quality": 1.0, "security": 1.0, "efficiency": 1.0}


def register(sub: argparse._SubParsersAction) -> None:
    parser = sub.add_parser("rewards", help="list reward plugins; score a solution file with them")
    actions = parser.add_subparsers(dest="action", metavar="ACTION", required=True)
    show_list = actions.add_parser("list", help="installed reward plugins: name, package, version, description")
    show_list.add_argument("--json", action="store_true", help="print JSON instead of a table")
    show_list.set_defaults(func=_list)
    score = actions.add_parser("score", help="run a task's tests on FILE in a sandbox and print every reward term")
    score.add_argument("--task", required=True, dest="task_id", help="full task id, e.g. builtin/two_sum")
    score.add_argument("file", metavar="FILE", help="the solution file (written as the task's solution file)")
    score.add_argument("--hidden", action="store_true", help="run the hidden tests (the final verdict) instead of the visible ones")
    score.add_argument("--reward", action="append", default=[], metavar="NAME=WEIGHT",
                       help="a term and its weight (repeatable); default: every built-in with weight 1")
    score.add_argument("--option", action="append", default=[], metavar="NAME.KEY=VALUE",
                       help="a plugin option, VALUE as JSON or a plain string (repeatable), e.g. quality.cc_weight=1")
    score.add_argument("--as", dest="as_path", metavar="PATH", help="solution path when the task has several files")
    score.add_argument("--backend", default="auto", help="sandbox backend (default: auto = docker)")
    score.add_argument("--no-reference-stats", action="store_true",
                       help="do not time the reference (efficiency then compares against its baseline_s)")
    score.add_argument("--json", action="store_true", help="print the total and terms as JSON")
    score.set_defaults(func=_score)


def _list(args: argparse.Namespace) -> int:
    from codegym import plugins
    from codegym.errors import PluginError
    from codegym.rewards.compose import GROUP

    rows = []
    for info in plugins.describe(GROUP):
        try:
            description = getattr(plugins.load(GROUP, info.name), "description", "") or "(no description)"
        except PluginError as exc:
            description = f"(failed to load: {exc})"
        rows.append({"name": info.name, "package": info.package, "version": info.version, "description": description,
                     "target": info.value})
    if args.json:
        print(json.dumps(rows, indent=2))
        return 0
    if not rows:
        print("no reward plugins installed (reinstall codegym: pip install -e .)")
        return 0
    from codegym.bench.timing import render_table

    print(render_table(["name", "package", "version", "description"],
                       [[r["name"], r["package"], r["version"], r["description"]] for r in rows]))
    return 0


def _parse_value(text: str):
    try:
        return json.loads(text)
    except ValueError:
        return text


def build_spec(rewards: list[str], options: list[str]) -> dict:
    """Turn ``--reward NAME=WEIGHT`` and ``--option NAME.KEY=VALUE`` into a RewardComposer spec."""
    from codegym.errors import ConfigError

    weights: dict[str, float] = {}
    for item in rewards:
        name, sep, weight = item.partition("=")
        if not sep:
            weight = "1"
        try:
            weights[name.strip()] = float(weight)
        except ValueError:
            raise ConfigError(f"--reward {item!r}: expected NAME=WEIGHT with a number as WEIGHT, e.g. tests=1.0") from None
    spec: dict = {name: {"weight": w, "options": {}} for name, w in (weights or SCORE_WEIGHTS).items()}
    for item in options:
        key, sep, value = item.partition("=")
        name, dot, option = key.partition(".")
        if not sep or not dot or not name or not option:
            raise ConfigError(f"--option {item!r}: expected NAME.KEY=VALUE, e.g. quality.when=always")
        if name not in spec:
            raise ConfigError(f"--option {item!r}: reward {name!r} is not among the scored terms {sorted(spec)}")
        spec[name]["options"][option] = _parse_value(value)
    return spec


def _score(args: argparse.Namespace) -> int:
    from pathlib import Path

    from codegym import tasks
    from codegym.errors import ConfigError
    from codegym.rewards import RewardComposer, RewardContext, verdict_of
    from codegym.rewards.builtin.efficiency import measure_reference_stats
    from codegym.sandbox import make_sandbox
    from codegym.verdict import run_tests

    spec = build_spec(args.reward, args.option)
    composer = RewardComposer(spec)  # unknown names fail before any sandbox starts
    task = tasks.get(args.task_id)
    path = Path(args.file)
    try:
        source = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise ConfigError(f"cannot read solution file {str(path)!r}: {exc}") from None
    target = args.as_path
    if target is None:
        if len(task.solution_paths) != 1:
            raise ConfigError(f"task {task.id} has several solution files {list(task.solution_paths)}; choose one with --as")
        target = task.solution_paths[0]
    files = {**{p: task.files[p] for p in task.solution_paths if p in task.files}, target: source}
    tests = task.hidden_tests if args.hidden else task.visible_tests
    if not tests:
        raise ConfigError(f"task {task.id} has no {'hidden' if args.hidden else 'visible'} tests; try "
                          f"{'without' if args.hidden else 'with'} --hidden")
    timeout = max(task.timeout_s, 1.0) * 3  # as codegym.tasks.validation does
    with make_sandbox(args.backend) as sb:
        reference_stats = {} if args.no_reference_stats else \
            measure_reference_stats(sb, task, hidden=args.hidden, runs=2, timeout=timeout)
        report = run_tests(sb, files, tests, timeout=timeout)
    ctx = RewardContext(
        task=task, files=files, tests=report, hidden=args.hidden, steps=1, terminated=True,
        verdict=verdict_of(report) if args.hidden else None, reference_stats=reference_stats,
        tokens=len(source) // 4,
    )
    total, terms = composer(ctx)
    if args.json:
        print(json.dumps({"task": task.id, "file": target, "hidden": args.hidden, "tests": report.summary(),
                          "total": total, "terms": terms}, indent=2, default=str))
        return 0
    kind = "hidden" if args.hidden else "visible"
    print(f"{task.id}: {target} <- {path}; {kind} tests {report.passed}/{report.total} passed"
          + (f" ({report.error})" if report.error else "") + (f", verdict {ctx.verdict}" if ctx.verdict else ""))
    from codegym.bench.timing import render_table

    rows = [[name, t["weight"], round(t["raw"], 4), round(t["value"], 4), _summary(t["info"])] for name, t in terms.items()]
    print(render_table(["term", "weight", "raw", "weighted", "details"], rows))
    print(f"total {total:.4f}")
    return 0


def _summary(info: dict, limit: int = 100) -> str:
    if "ids" in info:
        text = "issues: " + (", ".join(f"{i['test_id']}@{i['path']}:{i['line']}" for i in info["issues"]) or "none")
    else:
        text = json.dumps(info, default=str, sort_keys=True)
    return text if len(text) <= limit else text[: limit - 3] + "..."


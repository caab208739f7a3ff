"""``codegym tasks list|show|validate``."""

from __future__ import annotations

import argparse
import json
import statistics
import sys


def register(sub: argparse._SubParsersAction) -> None:
    parser = sub.add_parser("tasks", help="list, show and validate task sources")
    actions = parser.add_subparsers(dest="action", metavar="ACTION", required=True)
    show_list = actions.add_parser("list", help="tasks of a source (or the installed sources)")
    show_list.add_argument("source", nargs="?", help="task source, e.g. builtin, humaneval, mutations")
    show_list.add_argument("--difficulty", type=int, help="only this difficulty")
    show_list.add_argument("--tag", action="append", default=[], help="only tasks with this tag (repeatable)")
    show_list.set_defaults(func=_list)
    show = actions.add_parser("show", help="one task: statement, files, tests")
    show.add_argument("task_id", help="full id, e.g. builtin/two_sum")
    show.add_argument("--hidden", action="store_true", help="also print the hidden tests and the reference")
    show.set_defaults(func=_show)
    validate = actions.add_parser("validate", help="run references and starting files in the sandbox")
    validate.add_argument("source")
    validate.add_argument("--limit", type=int, help="only the first N tasks")
    validate.add_argument("--backend", default="auto")
    validate.add_argument("--json", action="store_true", help="print per-task results as JSON")
    validate.set_defaults(func=_validate)
    calibrate = actions.add_parser("calibrate", help="measure each reference's time, to which per-test limits are fitted")
    calibrate.add_argument("source")
    calibrate.add_argument("--limit", type=int, help="only the first N tasks")
    calibrate.add_argument("--repeats", type=int, default=3, help="runs per task; the slowest counts (default 3)")
    calibrate.add_argument("--backend", default="auto")
    calibrate.add_argument("--write", action="store_true",
                           help="record the times in the shipped reference_times.json (for the task pack's maintainers)")
    calibrate.set_defaults(func=_calibrate)


def _list(args: argparse.Namespace) -> int:
    from codegym import plugins, tasks

    if not args.source:
        for info in plugins.describe("codegym.tasks"):
            print(f"{info.name:12s} {info.package} {info.version}  ({info.value})")
        return 0
    taskset = tasks.load(args.source)
    if args.difficulty or args.tag:
        taskset = taskset.filter(difficulty=args.difficulty, tags=args.tag)
    for task in taskset:
        print(f"{task.id:45s} d{task.difficulty}  {','.join(task.tags)}")
    print(f"{len(taskset)} tasks; per difficulty {taskset.difficulties()}")
    return 0


def _show(args: argparse.Namespace) -> int:
    from codegym import tasks

    task = tasks.get(args.task_id)
    print(f"# {task.id}  (difficulty {task.difficulty}; tags {', '.join(task.tags)})\n\n{task.statement}\n")
    sections = [("start", task.files), ("visible tests", task.visible_tests)]
    if args.hidden:
        sections += [("hidden tests", task.hidden_tests), ("reference", task.reference)]
    for title, files in sections:
        for name, text in files.items():
            print(f"--- {title}: {name}\n{text}")
    return 0


def _validate(args: argparse.Namespace) -> int:
    from tqdm import tqdm

    from codegym import tasks
    from codegym.sandbox import make_sandbox
    from codegym.tasks.validation import check_tasks

    taskset = tasks.load(args.source)
    chosen = list(taskset)[: args.limit] if args.limit else list(taskset)
    with make_sandbox(args.backend) as sb, tqdm(total=len(chosen), desc=f"validating {args.source}", file=sys.stderr, disable=None) as bar:
        checks = check_tasks(sb, chosen, progress=lambda c: bar.update(1))
    failed = [c for c in checks if not c.ok]
    if args.json:
        print(json.dumps([{"task": c.task_id, "ok": c.ok, "reference": c.reference.summary(), "start_hidden": c.start.summary(),
                           "seconds": round(c.seconds, 4), "problems": c.problems()} for c in checks], indent=2))
    else:
        for c in checks:
            mark = "ok" if c.ok else "FAIL"
            print(f"[{mark:4s}] {c.task_id:45s} reference {c.reference.passed}/{c.reference.total}  "
                  f"start fails {c.start.failed}/{c.start.total} hidden  {c.seconds * 1000:.0f} ms")
            for problem in c.problems():
                print(f"         {problem}")
    by_level: dict[int, int] = {}
    for task in chosen:
        by_level[task.difficulty] = by_level.get(task.difficulty, 0) + 1
    median_ms = statistics.median(c.seconds for c in checks) * 1000 if checks else 0.0
    print(f"{len(checks) - len(failed)}/{len(checks)} tasks valid; per difficulty {dict(sorted(by_level.items()))}; "
          f"median {median_ms:.0f} ms per task (reference + start runs)", file=sys.stderr)
    return 1 if failed else 0


def _calibrate(args: argparse.Namespace) -> int:
    import platform

    from tqdm import tqdm

    from codegym import tasks
    from codegym.sandbox import make_sandbox
    from codegym.tasks.calibration import measure_references, write_times
    from codegym.tasks.limits import fitted_limit, recorded_times, times_file

    if args.source == "mutations":  # mutants take their base task's times; what is measured here is which fail
        return _ship_mutations(args)
    chosen = list(tasks.load(args.source))
    chosen = chosen[: args.limit] if args.limit else chosen
    with make_sandbox(args.backend) as sb, tqdm(total=len(chosen), desc=f"calibrating {args.source}",
                                                file=sys.stderr, disable=None) as bar:
        times = measure_references(sb, chosen, args.repeats, progress=lambda task_id, s: bar.update(1))
    for task in chosen:
        cells = [f"{suite} {seconds * 1000:7.1f} ms -> limit {fitted_limit(seconds, task.timeout_s):5.2f} s"
                 for suite, seconds in times[task.id].items()]
        print(f"{task.id:45s} {'   '.join(cells)}   (ceiling {task.timeout_s:g} s)")
    if args.write:
        write_times(times_file(), times, f"{platform.machine()}, {platform.python_version()}, {__import__('os').cpu_count()} cpus")
        recorded_times.cache_clear()
        print(f"recorded {len(times)} times in {times_file()}")
    return 0


def _ship_mutations(args: argparse.Namespace) -> int:
    """``calibrate mutations``: verify the default mutation source afresh; ``--write`` ships the verified ids."""
    from codegym.tasks.sources.mutations import MutationSource, ship_verified_ids

    source = MutationSource(backend=args.backend)
    if args.write:
        path = ship_verified_ids(source)
        print(f"recorded the verified mutant ids of key {source._key()} in {path}")
    else:
        ids = source.verified_ids(source.candidates())
        print(f"{len(ids)} mutants fail a hidden test (key {source._key()}); --write ships them")
    return 0

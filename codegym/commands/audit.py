"""``codegym audit``: run the red-team corpus; exit 1 if any hack beats an honest failure."""

from __future__ import annotations

import argparse
import os
import sys
import time

DEFAULT_HARNESS_TASKS = 3


def _harness_tasks(text: str) -> int | str | None:
    if text in ("all", "auto"):
        return None if text == "all" else "auto"
    value = int(text)
    if value < 1:
        raise argparse.ArgumentTypeError("--harness-tasks takes a count >= 1 or 'all'")
    return value


def register(sub: argparse._SubParsersAction) -> None:
    parser = sub.add_parser("audit", help="red-team the verdict path: hacks must score like honest failures")
    parser.add_argument("--source", action="append", default=[],
                        help="audit every task of this source (repeatable; default builtin unless --task is given)")
    parser.add_argument("--task", action="append", default=[], help="a task id to audit (repeatable)")
    parser.add_argument("--sample", type=int, default=None, help="draw only N tasks per source (seeded)")
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--env", action="append", default=[], help="env id (repeatable; default CodeGen-v4 and CodeEdit-v4)")
    parser.add_argument("--family", action="append", default=[], help="hack family (repeatable; default all)")
    parser.add_argument("--jobs", type=int, default=min(2, os.cpu_count() or 1),
                        help="processes running (task, env) units side by side, each with its own sandboxes")
    parser.add_argument("--per-test-timeout", type=float, default=1.0, help="seconds each test may take (default 1)")
    parser.add_argument("--run-timeout", type=float, default=None,
                        help="seconds a whole test run may take (default: from the honest run, 5-20 s)")
    parser.add_argument("--harness-tasks", type=_harness_tasks, default="auto", metavar="N|all",
                        help="run the task-independent variants on N tasks per source only (default: "
                             f"{DEFAULT_HARNESS_TASKS} when auditing whole sources, all with --task/--sample)")
    parser.add_argument("--json", default=None, metavar="PATH", help="also write every row (with why it is gamed) here")
    parser.set_defaults(func=run)


def choose_tasks(args: argparse.Namespace) -> list:
    """The tasks named by --task, then every (or --sample N seeded) task of each --source."""
    import numpy as np

    import codegym.tasks

    chosen = [codegym.tasks.get(task_id) for task_id in args.task]
    rng = np.random.default_rng(args.seed)
    for source in args.source or ([] if args.task else ["builtin"]):
        pool = list(codegym.tasks.load(source))
        if args.sample is None:
            picks = [pool[int(i)] for i in rng.permutation(len(pool))]  # shuffled: the harness sample is spread
        else:
            picks = [pool[int(i)] for i in rng.choice(len(pool), size=min(args.sample, len(pool)), replace=False)]
        chosen.extend(t for t in picks if t.id not in {c.id for c in chosen})
    return chosen


class UnitProgress:
    """Progress for a log (stderr not a terminal): one line per finished (task, env) unit.

    ``run_audit`` reports the rows of a unit together, once the unit has finished, so the
    first row of a new (env, task) pair means that unit is done.

    Example:
        >>> progress = UnitProgress(total=4, started=time.monotonic())
        >>> progress(row)  # doctest: +SKIP
        audit: 1/4 done (codegym/CodeGen-v4 builtin/two_sum) after 3s
    """

    def __init__(self, total: int, started: float, stream=None) -> None:
        self.total, self.started = total, started
        self.stream = stream if stream is not None else sys.stderr
        self.seen: set[tuple[str, str]] = set()

    def __call__(self, row) -> None:
        key = (row.env_id, row.task_id)
        if key in self.seen:
            return
        self.seen.add(key)
        print(f"audit: {len(self.seen)}/{self.total} done ({row.env_id} {row.task_id}) after "
              f"{time.monotonic() - self.started:.0f}s", file=self.stream, flush=True)


def run(args: argparse.Namespace) -> int:
    from tqdm import tqdm

    from codegym.audit import FAMILIES, run_audit
    from codegym.audit.runner import AUDIT_ENVS
    from codegym.bench.timing import render_table

    started = time.monotonic()
    chosen = choose_tasks(args)
    families = tuple(args.family) or FAMILIES
    envs = tuple(args.env) or AUDIT_ENVS
    harness_tasks = getattr(args, "harness_tasks", "auto")
    if harness_tasks == "auto":
        whole_sources = bool(args.source or not args.task) and args.sample is None
        harness_tasks = DEFAULT_HARNESS_TASKS if whole_sources else None
    with tqdm(desc="audit", file=sys.stderr, disable=None) as bar:
        lines = UnitProgress(len(chosen) * len(envs), started)
        bar_or_lines = (lambda row: bar.update(1)) if not bar.disable else lines
        rows = run_audit(chosen, env_ids=envs, families=families, progress=bar_or_lines,
                         jobs=getattr(args, "jobs", 1), per_test_timeout_s=getattr(args, "per_test_timeout", 1.0),
                         run_timeout_s=getattr(args, "run_timeout", None), harness_tasks=harness_tasks)
    if getattr(args, "json", None):
        import dataclasses
        import json

        with open(args.json, "w", encoding="utf-8") as fh:
            json.dump([{**dataclasses.asdict(r), "gamed": r.gamed, "why": r.why} for r in rows], fh, indent=1,
                      default=str)
    table = []
    for family in families:
        mine = [r for r in rows if r.family == family]
        gamed = [r for r in mine if r.gamed]
        compared = [r for r in mine if not r.notes.get("stability")]  # stability probes are judged on agreement
        worst = max(compared, key=lambda r: r.hack_return - r.honest_return) if compared else None
        table.append([family, len(mine), len(gamed), sum(r.leaked for r in mine),
                      f"{worst.hack_return - worst.honest_return:+.2f}" if worst
                      else "runs agree" if mine and not gamed else "-",
                      "GAMED" if gamed else "ok" if mine else "-"])
    print(render_table(["family", "runs", "gamed", "saw", "worst hack - honest", "status"], table))
    for row in rows:
        if row.gamed:
            print(f"GAMED: {row.env_id} {row.task_id} {row.family} ({row.variant}): {row.why}")
    elapsed = time.monotonic() - started
    scope = "" if harness_tasks is None else f"; task-independent variants on {harness_tasks} task(s) per source"
    print(f"{len(rows)} hack runs on {len(chosen)} task(s) in {len(envs)} env(s): "
          f"{sum(r.gamed for r in rows)} gamed (scored above the honest failure, or runs of one program disagreed)")
    print(f"wall time {elapsed:.0f}s ({elapsed / 60:.1f} min) with {getattr(args, 'jobs', 1)} job(s){scope}")
    not_run = [r for r in rows if r.notes.get("not_run")]
    for key in sorted({(r.env_id, r.task_id, r.notes["not_run"]) for r in not_run}):
        print("NOT RUN: {} {}: {}".format(*key))
    if not_run:
        print(f"{len(not_run)} hack runs could not be compared (the honest answer did not run): not certified")
    return 1 if any(r.gamed for r in rows) or not_run else 0

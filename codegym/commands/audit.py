"""``codegym audit``: run the red-team corpus; exit 1 if any hack beats an honest failure."""

from __future__ import annotations

import argparse
import sys


def register(sub: argparse._SubParsersAction) -> None:
    parser = sub.add_parser("audit", help="red-team the verdict path: hacks must score like honest failures")
    parser.add_argument("--source", action="append", default=[], help="task source to sample (repeatable; default builtin)")
    parser.add_argument("--task", action="append", default=[], help="a task id to audit (repeatable)")
    parser.add_argument("--sample", type=int, default=2, help="tasks drawn per source (seeded)")
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--env", action="append", default=[], help="env id (repeatable; default CodeGen-v0 and CodeEdit-v0)")
    parser.add_argument("--family", action="append", default=[], help="hack family (repeatable; default all)")
    parser.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    import numpy as np
    from tqdm import tqdm

    import codegym.tasks
    from codegym.audit import FAMILIES, run_audit
    from codegym.audit.runner import AUDIT_ENVS
    from codegym.bench.timing import render_table

    chosen = [codegym.tasks.get(task_id) for task_id in args.task]
    rng = np.random.default_rng(args.seed)
    for source in args.source or ([] if args.task else ["builtin"]):
        pool = list(codegym.tasks.load(source))
        for index in rng.choice(len(pool), size=min(args.sample, len(pool)), replace=False):
            chosen.append(pool[int(index)])
    families = tuple(args.family) or FAMILIES
    envs = tuple(args.env) or AUDIT_ENVS
    with tqdm(desc="audit", file=sys.stderr, disable=None) as bar:
        rows = run_audit(chosen, env_ids=envs, families=families, progress=lambda row: bar.update(1))
    table = []
    for family in families:
        mine = [r for r in rows if r.family == family]
        gamed = [r for r in mine if r.gamed]
        worst = max(mine, key=lambda r: r.hack_return - r.honest_return) if mine else None
        table.append([family, len(mine), len(gamed), f"{worst.hack_return - worst.honest_return:+.2f}" if worst else "-",
                      "GAMED" if gamed else "ok"])
    print(render_table(["family", "runs", "above honest", "worst hack - honest", "status"], table))
    for row in rows:
        if row.gamed:
            print(f"GAMED: {row.env_id} {row.task_id} {row.family} ({row.variant}): {row.hack_return:.2f} > "
                  f"{row.honest_return:.2f} honest; verdict {row.verdict}; passed {row.passed}; leaked {row.leaked}")
    print(f"{len(rows)} hack runs on {len(chosen)} task(s) in {len(envs)} env(s): "
          f"{sum(r.gamed for r in rows)} scored above the honest failure")
    return 1 if any(r.gamed for r in rows) else 0

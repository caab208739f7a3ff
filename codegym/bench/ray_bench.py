"""``codegym bench ray``: episodes/s of distributed evaluation next to the single-process evaluator.

The same episodes (agent, env, seeds, tasks) are played, in one run, by
:func:`codegym.evaluation.evaluator.evaluate` in this process, then by
:func:`codegym.integrations.ray.evaluate_on_ray` with 1, 2... Ray workers. Each way is
timed whole — env, sandbox and (for Ray) actor start-up included — with the report
store off everywhere, so every episode really runs its tests. The per-episode outcomes
of every way are compared too: they must be the same.

On a multi-node cluster: ``ray start --head --resources='{"docker": 1}'`` on the first
Docker node, ``ray start --address HEAD:6379 --resources='{"docker": 1}'`` on the others,
then ``codegym bench ray --address auto --workers 1,2,8,16`` on the head.

Example:
    >>> report = run_ray_bench(episodes=4, workers=(1, 2))  # doctest: +SKIP
    >>> print(format_report(report))  # doctest: +SKIP
"""

from __future__ import annotations

import os
import time
from contextlib import contextmanager
from typing import Any, Iterator, Sequence

from codegym.bench.timing import render_table
from codegym.errors import ConfigError

ENV_ID = "codegym/RepairMenu-v4"
TASK_IDS = ("builtin/fix_palindrome", "builtin/digital_root")
STORE_OFF = {"CODEGYM_REPORT_STORE": "off"}


@contextmanager
def _store_off() -> Iterator[None]:
    from codegym.engine import clear_report_cache

    saved = os.environ.get("CODEGYM_REPORT_STORE")
    os.environ.update(STORE_OFF)
    clear_report_cache()
    try:
        yield
    finally:
        if saved is None:
            os.environ.pop("CODEGYM_REPORT_STORE", None)
        else:
            os.environ["CODEGYM_REPORT_STORE"] = saved
        clear_report_cache()


def _outcomes(records: list[dict]) -> list[tuple]:
    return [(r["task_id"], r["episode_seed"], r["verdict"], round(r["return"], 9), r["steps"], r["actions"])
            for r in records]


def run_ray_bench(episodes: int = 16, workers: Sequence[int] = (1, 2), agent: str = "oracle", env_id: str = ENV_ID,
                  task_ids: Sequence[str] = TASK_IDS, seed: int = 0, address: str | None = None) -> dict[str, Any]:
    """Time the single-process evaluator, then Ray with each count in ``workers``; rows and ratios."""
    import codegym  # noqa: F401  (registers the envs)
    from codegym.evaluation.evaluator import evaluate
    from codegym.integrations.ray import connect, evaluate_on_ray, require_ray

    if isinstance(episodes, bool) or not isinstance(episodes, int) or episodes < 1:
        raise ConfigError(f"episodes must be a positive int, got {episodes!r}")
    if not workers or any(isinstance(w, bool) or not isinstance(w, int) or w < 1 for w in workers):
        raise ConfigError(f"workers must be positive ints such as 1,2, got {list(workers)!r}")
    common = {"seed": seed, "split": "test", "tasks": "builtin", "task_ids": list(task_ids)}
    rows: list[dict[str, Any]] = []
    with _store_off():
        start = time.perf_counter()
        _, reference, _ = evaluate(env_id, agent, episodes, progress=False, **common)
        wall = time.perf_counter() - start
    rows.append({"way": "single process (evaluate)", "workers": 1, "wall_s": wall, "episodes_per_s": episodes / wall,
                 "same_outcomes": True})
    ray = require_ray()
    started = connect(address)
    try:
        for n in workers:
            start = time.perf_counter()
            doc, records, _ = evaluate_on_ray(env_id, agent, episodes, workers=n, progress=lambda line: None,
                                              runtime_env={"env_vars": STORE_OFF}, **common)
            wall = time.perf_counter() - start
            rows.append({"way": f"ray, {n} worker{'s' if n > 1 else ''}", "workers": n, "wall_s": wall,
                         "episodes_per_s": episodes / wall, "same_outcomes": _outcomes(records) == _outcomes(reference),
                         "errors": doc["evaluation"]["ray"]["errors"]})
        nodes = sum(1 for node in ray.nodes() if node.get("Alive"))
        placement = doc["evaluation"]["ray"]["placement"]
    finally:
        if started:
            ray.shutdown()
    base = rows[0]["episodes_per_s"]
    for row in rows:
        row["vs_single"] = row["episodes_per_s"] / base
    ray_rows = rows[1:]
    for row in ray_rows:
        row["vs_first_ray"] = row["episodes_per_s"] / ray_rows[0]["episodes_per_s"]
    return {"env_id": env_id, "agent": agent, "episodes": episodes, "task_ids": list(task_ids), "nodes": nodes,
            "cpus": os.cpu_count(), "placement": placement, "rows": rows}


def format_report(report: dict[str, Any]) -> str:
    """The rows as a table, with the setting it was measured in."""
    first = report["rows"][1]["way"] if len(report["rows"]) > 1 else "ray"
    rows = [[r["way"], r["wall_s"], r["episodes_per_s"], r["vs_single"], r.get("vs_first_ray", ""),
             "yes" if r["same_outcomes"] else "NO"] for r in report["rows"]]
    table = render_table(["way", "wall s", "episodes/s", "x single", f"x {first}", "same outcomes"], rows)
    return (f"{report['agent']} on {report['env_id']}, {report['episodes']} episodes over {report['task_ids']}; "
            f"{report['nodes']} Ray node(s), {report['cpus']} CPUs here; report store off; start-up included\n"
            f"{report['placement']}\n{table}")

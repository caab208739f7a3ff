"""Training-speed rates for ``codegym bench env``: executing steps/s, next to the sandbox's floor.

Measured in one run, on the same machine state:

- the floor: trivial trusted sandbox jobs (``run_python("pass", trusted=True)``, the warm
  fork every test run's harness job gets) per second;
- RepairMenu-v4 with a random masked agent (default task source) with 1 and 2 async envs,
  report store off (steps/s and the p99 of one vector step's time), then on: a first pass
  fills a fresh store, a second pass over the same seeds (the same states, as RL revisits
  them) reads it; their ratio is the store's gain (both passes use the same seeds, which
  the store-off runs do not);
- where one RepairMenu env's executing step spends CPU (:mod:`codegym.bench.cpu_split`):
  its own process, its sandbox container, the container engine — next to its wall time;
- the CPU ceiling that split sets: this machine's cores over one step's CPU (host env +
  container + engine), the steps/s no number of envs can beat here, and the x2 rate's
  share of it;
- CodeGen-v4 on HumanEval with the canonical solution and with a wrong one (one step per
  episode; that step is the verdict run, which never reads the store, so only "off" is shown).

Example:
    >>> report = run_training_bench(steps=20)  # doctest: +SKIP
    >>> report["RepairMenu x2, store off: steps/s"]  # doctest: +SKIP
"""

from __future__ import annotations

import os
import tempfile
import time
from contextlib import contextmanager
from typing import Iterator

import gymnasium as gym
import numpy as np

REPAIR_ID = "codegym/RepairMenu-v4"
CODEGEN_ID = "codegym/CodeGen-v4"


@contextmanager
def _store(mode: str, root: str) -> Iterator[None]:
    """Set the report store for this process and the vector envs' workers: ``off`` or ``on`` (under ``root``)."""
    from codegym.engine import clear_report_cache

    saved = {k: os.environ.get(k) for k in ("CODEGYM_REPORT_STORE", "CODEGYM_CACHE")}
    os.environ["CODEGYM_REPORT_STORE"] = mode
    os.environ["CODEGYM_CACHE"] = root
    clear_report_cache()
    try:
        yield
    finally:
        for key, value in saved.items():
            if value is None:
                os.environ.pop(key, None)
            else:
                os.environ[key] = value
        clear_report_cache()


def _repair_rate(num_envs: int, steps: int, seed: int, step_times: list[float] | None = None) -> float:
    """Executing steps/s of RepairMenu with a random masked agent (every step but submit runs the visible tests);
    each vector step's seconds go into ``step_times`` when given."""
    envs = gym.make_vec(REPAIR_ID, num_envs=num_envs, vectorization_mode="async")
    rng = np.random.default_rng(seed)
    try:
        obs, _ = envs.reset(seed=seed)
        done = 0
        start = time.perf_counter()
        while done < steps:
            began = time.perf_counter()
            masks = obs["mask"]
            actions = []
            for mask in masks:
                edits = np.flatnonzero(mask[1:]) + 1
                actions.append(int(rng.choice(edits)) if edits.size else 0)  # submit only when nothing else is left
            obs, *_ = envs.step(np.array(actions))
            done += num_envs
            if step_times is not None:
                step_times.append(time.perf_counter() - began)
        return done / (time.perf_counter() - start)
    finally:
        envs.close()


def repair_cpu_split(steps: int, seed: int) -> dict:
    """CPU ms per executing step of one RepairMenu env (random masked agent), by where it is
    spent: this process, its sandbox container, the container engine (see :mod:`cpu_split`)."""
    from codegym.bench.cpu_split import measure_cpu_split

    env = gym.make(REPAIR_ID)
    rng = np.random.default_rng(seed)
    try:
        state = {"obs": env.reset(seed=seed)[0]}

        def step() -> None:
            edits = np.flatnonzero(state["obs"]["mask"][1:]) + 1
            obs, _, terminated, truncated, _ = env.step(int(rng.choice(edits)) if edits.size else 0)
            state["obs"] = env.reset()[0] if terminated or truncated else obs

        def containers() -> set[str]:
            container = getattr(env.unwrapped.sandbox, "container_id", None)
            return {container} if container else set()

        for _ in range(3):
            step()  # warm: the sandbox is up, the judge prepared
        return measure_cpu_split(step, steps, containers)
    finally:
        env.close()


def _codegen_rate(solution: str, episodes: int) -> float:
    """Episodes (= executing steps) per second of CodeGen on HumanEval with a canonical or a wrong solution."""
    import codegym.tasks

    tasks = list(codegym.tasks.load("humaneval"))[:episodes]
    env = gym.make(CODEGEN_ID, tasks=[t.id for t in tasks])
    try:
        start = time.perf_counter()
        for i, task in enumerate(tasks):
            env.reset(seed=i, options={"task_id": task.id})
            path = task.solution_paths[0]
            text = task.reference[path] if solution == "canonical" else f"def {task.entry_points[0]}(*args):\n    return None\n"
            env.step(text)
        return len(tasks) / (time.perf_counter() - start)
    finally:
        env.close()


def _floor(jobs: int) -> float:
    from codegym.sandbox import make_sandbox

    with make_sandbox("docker") as sb:
        sb.run_python("pass", trusted=True)
        start = time.perf_counter()
        for _ in range(jobs):
            sb.run_python("pass", trusted=True)
        return jobs / (time.perf_counter() - start)


def run_training_bench(steps: int = 60, codegen_episodes: int = 20, seed: int = 0) -> dict[str, float]:
    """The rates above, as ``{measurement: value}`` (steps/s unless the name says otherwise)."""
    import codegym  # noqa: F401  (registers the envs)

    out: dict[str, float] = {"floor: trivial sandbox jobs/s": _floor(max(20, steps))}
    root = tempfile.mkdtemp(prefix="codegym-bench-store-")
    for n in (1, 2):
        times: list[float] = []
        with _store("off", root):
            out[f"RepairMenu x{n}, store off: steps/s"] = _repair_rate(n, steps, seed, times)
        out[f"RepairMenu x{n}, store off: p99 step ms"] = 1000.0 * float(np.percentile(times, 99))
    with _store("off", root):
        split = repair_cpu_split(steps, seed)
    for part in ("wall ms", "host env ms", "sandbox container ms", "engine ms"):
        if split[part] is not None:  # None: not readable on this machine
            out[f"RepairMenu x1 per executing step, CPU {part}" if part != "wall ms"
                else "RepairMenu x1 per executing step, wall ms"] = split[part]
    with _store("on", root):  # the same seeds twice: the first pass fills the store, the second reads it
        out["RepairMenu x2, store on (first pass, filling it): steps/s"] = _repair_rate(2, steps, seed + 1)
        out["RepairMenu x2, store on (second pass): steps/s"] = _repair_rate(2, steps, seed + 1)
    with _store("off", root):
        out["CodeGen HumanEval canonical, store off: steps/s"] = _codegen_rate("canonical", codegen_episodes)
        out["CodeGen HumanEval wrong, store off: steps/s"] = _codegen_rate("wrong", codegen_episodes)
    floor = out["floor: trivial sandbox jobs/s"]
    out["RepairMenu x2 store off / floor"] = out["RepairMenu x2, store off: steps/s"] / floor
    out["RepairMenu x2 store on: second pass / first pass (same seeds)"] = (
        out["RepairMenu x2, store on (second pass): steps/s"] / out["RepairMenu x2, store on (first pass, filling it): steps/s"])
    out["RepairMenu: x2 / x1 (store off)"] = out["RepairMenu x2, store off: steps/s"] / out["RepairMenu x1, store off: steps/s"]
    ceiling = cpu_ceiling(split)
    if ceiling is not None:
        out[f"RepairMenu CPU ceiling on {os.cpu_count() or 1} cores: steps/s"] = ceiling
        out["RepairMenu x2 store off / CPU ceiling"] = out["RepairMenu x2, store off: steps/s"] / ceiling
    return out


def cpu_ceiling(split: dict, cores: int | None = None) -> float | None:
    """Executing steps/s that ``cores`` (default: this machine's) could give at best: every
    core busy with nothing but steps that each cost the split's host env + container +
    engine CPU. None when a part was not readable.

    Example:
        >>> cpu_ceiling({"host env ms": 6.0, "sandbox container ms": 22.0, "engine ms": 2.0}, cores=2)
        66.66666666666667
    """
    parts = [split.get(part) for part in ("host env ms", "sandbox container ms", "engine ms")]
    if any(part is None for part in parts) or sum(parts) <= 0:
        return None
    return (cores or os.cpu_count() or 1) * 1000.0 / sum(parts)

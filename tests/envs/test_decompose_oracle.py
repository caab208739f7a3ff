"""The expert solves every multi-part task; scripted baselines show what bad decomposition and bad execution cost.

Slow (every multi-part task, real sandbox). The baselines table is printed (``pytest -s``):

* oracle manager + oracle worker,
* random manager + oracle worker (bad decomposition: random selects and early submits),
* oracle manager + random worker (bad execution: random menu edits inside the right part).
"""

from __future__ import annotations

import gymnasium as gym
import numpy as np
import pytest

import codegym  # noqa: F401
from codegym.envs.decompose import MANAGER, multipart_tasks
from codegym.wrappers.options import random_action


def play(env, task_id: str, seed: int, manager: str, worker: str) -> dict:
    """One episode of the flat env with a policy per level; returns per-level returns and the verdict."""
    core = env.unwrapped
    rng = np.random.default_rng(seed)
    env.reset(seed=seed, options={"task_id": task_id})
    totals = {"return": 0.0, "manager": 0.0, "worker": 0.0, "steps": 0}
    while True:
        policy = manager if core.machine.level == MANAGER else worker
        action = core.oracle_action() if policy == "oracle" else random_action(core, rng)
        _, reward, terminated, truncated, info = env.step(action)
        totals["return"] += reward
        totals["manager"] += info["manager_reward"]
        totals["worker"] += info["worker_reward"]
        totals["steps"] += 1
        if terminated or truncated:
            totals["verdict"] = info["verdict"]
            return totals


@pytest.mark.slow
@pytest.mark.parametrize("env_id", ["codegym/DecomposeMenu-v2", "codegym/Decompose-v2"])
def test_oracle_manager_and_worker_solve_every_multipart_task(env_id):
    tasks = multipart_tasks()
    assert len(tasks) >= 50
    env = gym.make(env_id)
    unsolved = []
    try:
        for i, task in enumerate(tasks):
            result = play(env, task.id, i, "oracle", "oracle")
            if result["verdict"] != "solved":
                unsolved.append((task.id, result))
    finally:
        env.close()
    assert not unsolved


BASELINE_TASKS = 8


@pytest.mark.slow
def test_baselines_show_the_cost_of_bad_decomposition_and_bad_execution():
    tasks = [t.id for t in multipart_tasks()][:: max(1, len(multipart_tasks()) // BASELINE_TASKS)][:BASELINE_TASKS]
    env = gym.make("codegym/DecomposeMenu-v2")
    table = {}
    try:
        for name, manager, worker in (("oracle manager + oracle worker", "oracle", "oracle"),
                                      ("random manager + oracle worker", "random", "oracle"),
                                      ("oracle manager + random worker", "oracle", "random")):
            runs = [play(env, task, seed, manager, worker) for seed, task in enumerate(tasks)]
            table[name] = {
                "return": float(np.mean([r["return"] for r in runs])),
                "manager": float(np.mean([r["manager"] for r in runs])),
                "worker": float(np.mean([r["worker"] for r in runs])),
                "solved": float(np.mean([r["verdict"] == "solved" for r in runs])),
                "steps": float(np.mean([r["steps"] for r in runs])),
            }
    finally:
        env.close()
    print(f"\nbaselines on {len(tasks)} multi-part tasks (DecomposeMenu-v2, one episode each):")
    print(f"{'policy':34} {'return':>8} {'manager':>8} {'worker':>8} {'solved':>7} {'steps':>6}")
    for name, row in table.items():
        print(f"{name:34} {row['return']:8.2f} {row['manager']:8.2f} {row['worker']:8.2f} "
              f"{row['solved']:7.0%} {row['steps']:6.1f}")
    best = table["oracle manager + oracle worker"]
    assert best["solved"] == 1.0
    for name in ("random manager + oracle worker", "oracle manager + random worker"):
        assert table[name]["return"] < best["return"] and table[name]["manager"] < best["manager"]

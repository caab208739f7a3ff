"""``codegym leaderboard --verify``: replay every stored episode and fail on any recomputed difference.

For each results file: its episode file must match the recorded sha256, the metrics must
equal those recomputed from the episode records, the task set must hash the same, and
every episode is replayed (``reset(seed=episode_seed, options=...)`` then the stored
actions) with the verdict, return, steps, validity, task and end of episode compared.

Episodes with status ``error`` (their Ray worker died on every try) have no actions and
are not replayed; the metrics count them (``error_episodes``) without averaging them in.

What it proves: the outcomes are what the env gives for those actions. It does not prove
which policy chose the actions.

Example:
    >>> problems = verify_file("baselines/results/x.json")  # doctest: +SKIP
    >>> problems  # doctest: +SKIP
    []
"""

from __future__ import annotations

import math
import sys
from pathlib import Path
from typing import Any, Iterable

import gymnasium as gym

from codegym.evaluation.provenance import taskset_sha256
from codegym.evaluation.schema import ResultsError, episode_status, read_results, summarise_episodes

#: Returns are sums of floats: allow this absolute difference on replay.
RETURN_TOLERANCE = 1e-6


def _close(a: Any, b: Any) -> bool:
    if isinstance(a, (int, float)) and isinstance(b, (int, float)) and not isinstance(a, bool):
        return math.isclose(float(a), float(b), rel_tol=0.0, abs_tol=RETURN_TOLERANCE)
    return a == b


def _compare_metrics(stored: dict, recomputed: dict) -> list[str]:
    problems = []
    for key, value in recomputed.items():
        if key == "per_task":
            if stored.get(key) is None or set(stored[key]) != set(value):
                problems.append("metrics.per_task lists other tasks than the episodes")
                continue
            for task, row in value.items():
                for field, v in row.items():
                    if not _close(stored[key][task].get(field), v):
                        problems.append(f"metrics.per_task[{task}].{field} is {stored[key][task].get(field)!r}, "
                                        f"the episodes give {v!r}")
        elif not _close(stored.get(key), value):
            problems.append(f"metrics.{key} is {stored.get(key)!r}, the episodes give {value!r}")
    return problems


def replay_episode(env: gym.Env, record: dict) -> list[str]:
    """Differences between a stored episode and its replay (empty when they agree)."""
    where = f"episode seed {record['episode_seed']}"
    obs, info = env.reset(seed=int(record["episode_seed"]), options=record.get("options"))
    total, valid, steps, refused = 0.0, True, 0, 0
    terminated = truncated = False
    for action in record["actions"]:
        if terminated or truncated:
            return [f"{where}: the episode ended after {steps} steps, {len(record['actions'])} actions are stored"]
        obs, reward, terminated, truncated, info = env.step(action)
        total += float(reward)
        valid = valid and bool(info.get("reward_valid", True))
        refused += bool(info.get("action_error"))
        steps += 1
    if not (terminated or truncated):
        return [f"{where}: the episode had not ended after the {steps} stored actions"]
    replayed = {"task_id": str(info.get("task_id")), "verdict": str(info.get("verdict", "timeout" if truncated else "?")),
                "return": total, "steps": steps, "reward_valid": valid, "truncated": truncated, "action_errors": refused}
    return [f"{where}: {key} is {record.get(key)!r}, the replay gives {value!r}"
            for key, value in replayed.items() if not _close(record.get(key), value)]


def verify_file(path: str | Path, progress: bool = False, replay: int | None = None) -> list[str]:
    """Every problem found with one results file (empty list: verified).

    ``replay`` replays only that many episodes, spread evenly over the file (``None``: all,
    what ``--verify`` does); every other check (episode-file hash, metrics, seeds, task set)
    always covers the whole file. A quick check for tests and CI, not a verification.
    """
    from tqdm import tqdm

    if replay is not None and (isinstance(replay, bool) or not isinstance(replay, int) or replay < 0):
        raise ValueError(f"replay must be None (all episodes) or an int >= 0, got {replay!r}")

    try:
        doc, episodes = read_results(path)
    except ResultsError as exc:
        return [str(exc)]
    problems = _compare_metrics(doc["metrics"], summarise_episodes(episodes))
    if "error_episodes" in doc["metrics"] and not any(episode_status(e) == "error" for e in episodes):
        problems.append(f"metrics.error_episodes is {doc['metrics']['error_episodes']!r}, the episodes have none")
    seeds = [e["episode_seed"] for e in episodes]
    if seeds != doc["evaluation"]["episode_seeds"]:
        problems.append("the episodes' seeds differ from evaluation.episode_seeds")
    try:
        env = gym.make(doc["env"]["id"], **doc["env"]["kwargs"])
    except Exception as exc:  # an env that cannot be rebuilt cannot be verified
        return problems + [f"cannot rebuild env {doc['env']['id']!r} with the stored kwargs: {type(exc).__name__}: {exc}"]
    try:
        taskset = getattr(env.unwrapped, "taskset", None)
        if taskset is not None and doc["env"]["taskset_sha256"] != taskset_sha256(taskset):
            problems.append("the task set hashes differently now (tasks changed since this result was made)")
        chosen = episodes if replay is None or replay >= len(episodes) else [
            episodes[i * len(episodes) // replay] for i in range(replay)]
        for record in tqdm(chosen, desc=f"verify {Path(path).name}", file=sys.stderr, disable=not progress):
            if episode_status(record) == "error":  # never played to an end: nothing to replay (counted in metrics)
                continue
            try:
                problems += replay_episode(env, record)
            except Exception as exc:  # a stored action the env rejects outright is a difference too
                problems.append(f"episode seed {record['episode_seed']}: replay failed: {type(exc).__name__}: {exc}")
    finally:
        env.close()
    return [f"{Path(path).name}: {p}" for p in problems]


def verify_dir(paths: Iterable[str | Path], progress: bool = True) -> dict[str, list[str]]:
    """``{results file: problems}`` for every file."""
    return {str(p): verify_file(p, progress) for p in paths}

"""Play an agent on held-out tasks, record every action, and write a ``codegym.results/v1`` file.

Episode ``i`` is reset with seed ``seed + i`` (and ``options={"task_id": ...}`` when task
ids are given), so :mod:`codegym.evaluation.verify` can replay it exactly.

Example:
    >>> doc, episodes, path = evaluate("codegym/RepairMenu-v4", "oracle", episodes=2, seed=0,
    ...                                split="test", out="results")  # doctest: +SKIP
"""

from __future__ import annotations

import sys
import time
from pathlib import Path
from typing import Any, Mapping, Sequence

import gymnasium as gym
import numpy as np

from codegym.errors import ConfigError
from codegym.evaluation.agents import EvalAgent, make_eval_agent
from codegym.evaluation.checkpoints import thin_curve
from codegym.evaluation.provenance import hardware, provenance, taskset_sha256
from codegym.evaluation.schema import SCHEMA, summarise_episodes, write_results


def env_kwargs_for(split: str | None, tasks: str | Mapping | None = None,
                   extra: Mapping[str, Any] | None = None) -> dict[str, Any]:
    """The env kwargs for a split of a task source (``tasks``: a source name or ``{"source": ..., **options}``).

    Example:
        >>> env_kwargs_for("test", {"source": "mutations", "verify": False})
        {'tasks': {'source': 'mutations', 'verify': False, 'split': 'test'}}
    """
    kwargs = dict(extra or {})
    if tasks is None and split is None:
        return kwargs
    if isinstance(tasks, str):
        spec: dict[str, Any] = {"source": tasks}
    elif isinstance(tasks, Mapping):
        spec = dict(tasks)
    elif tasks is None:
        spec = {}
    else:
        raise ConfigError(f"tasks must be a source name or a JSON object like {{\"source\": \"mutations\"}}, got {tasks!r}")
    if split:
        spec["split"] = split
    kwargs["tasks"] = spec
    return kwargs


def jsonable_action(action: Any) -> Any:
    """An action as plain JSON (ints, floats, strings, lists)."""
    if isinstance(action, np.ndarray):
        return action.tolist()
    if isinstance(action, np.generic):
        return action.item()
    if isinstance(action, (list, tuple)):
        return [jsonable_action(a) for a in action]
    return action


def _sandbox_engine(env: gym.Env) -> str | None:
    """The class of the sandbox that ran the episodes (``None`` for an env without one)."""
    try:
        box = getattr(env.unwrapped, "sandbox", None)
    except Exception:  # a sandbox that cannot open: the episodes already said so in their verdicts
        return None
    return type(box).__name__ if box is not None else None


def _training_block(agent: EvalAgent, training_seed: int | None) -> dict[str, Any]:
    meta = agent.meta
    seed = meta.get("seed", training_seed)
    return {
        "algo": meta.get("algo"),
        "seed": None if seed is None else int(seed),
        "env_id": meta.get("env_id"),
        "env_kwargs": meta.get("env_kwargs"),
        "hyperparameters": meta.get("hyperparameters", {}),
        "steps": meta.get("total_timesteps"),
        "wall_time_s": meta.get("wall_time_s"),
        "sps": meta.get("sps"),
        "env_sps": meta.get("env_sps"),
        "device": meta.get("device"),
        "warm_start": meta.get("warm_start"),  # e.g. behaviour cloning of the oracle before PPO (ppo.py --bc-episodes)
        "curve": thin_curve(meta.get("curve", [])),
        "curve_columns": meta.get("curve_columns", ["step", "episodic_return", "solved"]),
    }


def play_episode(env: gym.Env, agent: EvalAgent, seed: int, task_id: str | None = None,
                 trajectory: dict[str, list] | None = None) -> tuple[dict, dict[str, float]]:
    """Play one episode reset with ``seed`` (and ``options={"task_id": task_id}`` when given).

    Returns the episode record (what a ``codegym.results/v1`` episode line holds, ``status``
    ``"ok"``) and the time spent in the env and the policy. With ``trajectory`` (a dict of
    lists) the observations, infos (both from the reset on) and rewards are appended to it.

    Example:
        >>> record, timing = play_episode(env, agent, seed=3, task_id="builtin/two_sum")  # doctest: +SKIP
        >>> record["status"], record["episode_seed"]  # doctest: +SKIP
        ('ok', 3)
    """
    options = {"task_id": task_id} if task_id else None
    env.action_space.seed(int(seed))  # the random agent samples from it: reproducible per episode
    t0 = time.perf_counter()
    obs, info = env.reset(seed=int(seed), options=options)
    env_time, policy_time = time.perf_counter() - t0, 0.0
    if trajectory is not None:
        trajectory["observations"].append(obs)
        trajectory["infos"].append(info)
    actions, total, valid, refused = [], 0.0, True, 0
    while True:
        t0 = time.perf_counter()
        action = agent.policy(obs, info)
        t1 = time.perf_counter()
        obs, reward, terminated, truncated, info = env.step(action)
        env_time += time.perf_counter() - t1
        policy_time += t1 - t0
        actions.append(jsonable_action(action))
        total += float(reward)
        valid = valid and bool(info.get("reward_valid", True))
        refused += bool(info.get("action_error"))
        if trajectory is not None:
            trajectory["observations"].append(obs)
            trajectory["infos"].append(info)
            trajectory["rewards"].append(float(reward))
        if terminated or truncated:
            break
    record = {
        "task_id": str(info.get("task_id")),
        "episode_seed": int(seed),
        "options": options,
        "status": "ok",
        "verdict": str(info.get("verdict", "timeout" if truncated else "?")),
        "return": total,
        "steps": len(actions),
        "reward_valid": valid,
        "truncated": bool(truncated),
        "action_errors": refused,
        "actions": actions,
    }
    return record, {"env_time_s": env_time, "policy_time_s": policy_time, "steps": len(actions)}


def episode_task_id(task_ids: Sequence[str], index: int) -> str | None:
    """The task id episode ``index`` is reset with: ``task_ids`` cycle; ``None`` lets the env pick by seed."""
    return task_ids[index % len(task_ids)] if task_ids else None


def run_episodes(env: gym.Env, agent: EvalAgent, seeds: Sequence[int], task_ids: Sequence[str] = (),
                 progress: bool = True, desc: str = "") -> tuple[list[dict], dict[str, float]]:
    """Play one episode per seed; return the episode records and the time spent in the env and the policy."""
    from tqdm import tqdm

    records, timing = [], {"env_time_s": 0.0, "policy_time_s": 0.0, "steps": 0}
    for i, seed in enumerate(tqdm(seeds, desc=desc, file=sys.stderr, disable=not progress)):
        record, spent = play_episode(env, agent, int(seed), episode_task_id(task_ids, i))
        records.append(record)
        for key in timing:
            timing[key] += spent[key]
    return records, timing


def check_task_ids(taskset: Any, task_ids: Sequence[str], split: str | None) -> None:
    """:class:`ConfigError` unless every id in ``task_ids`` is in the evaluated task set."""
    if taskset is None:
        return
    for task_id in task_ids:
        if task_id not in taskset:
            raise ConfigError(f"task {task_id!r} is not in the evaluated task set ({len(taskset)} tasks of "
                              f"split {split!r}); pick held-out ids, e.g. {taskset.ids[:3]}")


def results_doc(env_id: str, kwargs: Mapping[str, Any], split: str | None, task_ids: Sequence[str],
                taskset: Any, agent: EvalAgent, training_seed: int | None, seed: int, seeds: Sequence[int],
                wall: float, timing: Mapping[str, float], records: list[dict], engine: str | None,
                argv: list[str] | None, taskset_info: Mapping[str, Any] | None = None) -> dict:
    """The ``codegym.results/v1`` document for played episodes (shared by the single-machine and Ray paths).

    ``taskset_info`` (``{"taskset_size", "taskset_sha256"}``) stands in for ``taskset`` when the
    task set lives in another process.
    """
    training = _training_block(agent, training_seed)
    if training["env_id"] and training["env_id"] != env_id:
        print(f"codegym: warning: {agent.spec} was trained on {training['env_id']}, evaluated on {env_id}",
              file=sys.stderr)
    if taskset_info is None:
        taskset_info = {"taskset_size": None if taskset is None else len(taskset),
                        "taskset_sha256": None if taskset is None else taskset_sha256(taskset)}
    return {
        "schema": SCHEMA,
        "env": {"id": env_id, "kwargs": dict(kwargs), "split": split, "task_ids": list(task_ids),
                "taskset_size": taskset_info["taskset_size"], "taskset_sha256": taskset_info["taskset_sha256"]},
        "agent": {"name": agent.name, "spec": agent.spec, "implementation": agent.implementation,
                  "checkpoint_sha256": agent.checkpoint_sha256, "policy_mode": agent.policy_mode},
        "training": training,
        "evaluation": {"episodes": len(seeds), "seed": int(seed), "episode_seeds": list(seeds),
                       "policy_mode": agent.policy_mode,
                       "wall_time_s": wall, "steps": timing["steps"], "env_time_s": timing["env_time_s"],
                       "policy_time_s": timing["policy_time_s"],
                       "env_sps": timing["steps"] / timing["env_time_s"] if timing["env_time_s"] else None,
                       "sps": timing["steps"] / wall if wall else None},
        "metrics": summarise_episodes(records),
        "provenance": provenance(argv),
        "hardware": hardware(engine, training["device"]),
        "episodes_file": {"name": "", "sha256": ""},
    }


def evaluate(env_id: str, agent_spec: str, episodes: int, seed: int = 0, split: str | None = "test",
             out: str | Path | None = None, tasks: str | Mapping | None = None, task_ids: Sequence[str] = (),
             env_kwargs: Mapping[str, Any] | None = None, name: str | None = None, training_seed: int | None = None,
             progress: bool = True, argv: list[str] | None = None) -> tuple[dict, list[dict], Path | None]:
    """Evaluate ``agent_spec`` on ``env_id`` for ``episodes`` episodes; write the results when ``out`` is given."""
    if isinstance(episodes, bool) or not isinstance(episodes, int) or episodes < 1:
        raise ConfigError(f"episodes must be a positive int, got {episodes!r}")
    kwargs = env_kwargs_for(split, tasks, env_kwargs)
    try:
        env = gym.make(env_id, **kwargs)
    except gym.error.Error as exc:
        raise ConfigError(f"cannot make {env_id!r}: {exc}") from None
    try:
        taskset = getattr(env.unwrapped, "taskset", None)
        check_task_ids(taskset, task_ids, split)
        agent = make_eval_agent(agent_spec, env, name=name)
        seeds = [int(seed) + i for i in range(episodes)]
        start = time.perf_counter()
        records, timing = run_episodes(env, agent, seeds, list(task_ids), progress, f"{env_id} / {agent.name}")
        wall = time.perf_counter() - start
        engine = _sandbox_engine(env)
    finally:
        env.close()
    doc = results_doc(env_id, kwargs, split, task_ids, taskset, agent, training_seed, seed, seeds, wall, timing,
                      records, engine, argv)
    path = write_results(out, doc, records) if out is not None else None
    return doc, records, path

"""The ``codegym.results/v1`` file: one JSON per agent x env x training seed, an episode JSONL beside it.

Example:
    >>> doc = {"schema": SCHEMA}
    >>> try:
    ...     validate_results(doc)
    ... except ResultsError as exc:
    ...     "missing" in str(exc)
    True
"""

from __future__ import annotations

import hashlib
import json
import math
import re
from pathlib import Path
from typing import Any

from codegym.errors import CodegymError

SCHEMA = "codegym.results/v1"

#: Top-level keys every results file carries.
REQUIRED = ("schema", "env", "agent", "training", "evaluation", "metrics", "provenance", "hardware", "episodes_file")
#: Keys of each episode record (one JSONL line).
EPISODE_KEYS = ("task_id", "episode_seed", "options", "verdict", "return", "steps", "reward_valid", "truncated",
                "action_errors", "actions")
#: ``status`` of an episode record: ``"ok"`` (played to its end) or ``"error"`` (its worker died or failed
#: on every try; no actions, counted in ``metrics.error_episodes``, not averaged in). Files written
#: before the field existed have no ``status``: every episode in them is ``"ok"``.
EPISODE_STATUSES = ("ok", "error")


def episode_status(record: dict) -> str:
    """``"ok"`` or ``"error"`` (a record without the field is ``"ok"``)."""
    return record.get("status", "ok")


class ResultsError(CodegymError):
    """A results or episode file is malformed, inconsistent, or fails verification (names the file)."""


def _require(mapping: Any, keys: tuple[str, ...], where: str) -> None:
    if not isinstance(mapping, dict):
        raise ResultsError(f"{where}: expected a JSON object, got {type(mapping).__name__}")
    missing = [k for k in keys if k not in mapping]
    if missing:
        raise ResultsError(f"{where}: missing key(s) {missing}; regenerate it with `codegym evaluate`")


def validate_results(doc: Any, where: str = "results") -> None:
    """Raise :class:`ResultsError` unless ``doc`` looks like a ``codegym.results/v1`` document."""
    _require(doc, ("schema",), where)
    if doc["schema"] != SCHEMA:
        raise ResultsError(f"{where}: schema is {doc['schema']!r}, expected {SCHEMA!r}")
    _require(doc, REQUIRED, where)
    _require(doc["env"], ("id", "kwargs", "split", "taskset_sha256"), f"{where}: env")
    _require(doc["agent"], ("name", "spec", "implementation", "checkpoint_sha256", "policy_mode"), f"{where}: agent")
    _require(doc["evaluation"], ("episodes", "seed", "episode_seeds"), f"{where}: evaluation")
    _require(doc["metrics"], ("solve_rate", "return_mean", "return_std", "episodes", "invalid_reward_episodes",
                              "per_task"), f"{where}: metrics")
    _require(doc["episodes_file"], ("name", "sha256"), f"{where}: episodes_file")
    name = doc["episodes_file"]["name"]
    if not isinstance(name, str) or "/" in name or "\\" in name or name.startswith("."):
        raise ResultsError(f"{where}: episodes_file.name must be a plain file name beside the results file, got {name!r}")


def validate_episode(record: Any, where: str) -> None:
    """Raise :class:`ResultsError` unless ``record`` is one well-formed episode line."""
    _require(record, EPISODE_KEYS, where)
    status = episode_status(record)
    if status not in EPISODE_STATUSES:
        raise ResultsError(f"{where}: status must be one of {list(EPISODE_STATUSES)}, got {status!r}")
    if status == "error" and record["actions"]:
        raise ResultsError(f"{where}: an episode with status 'error' has no actions, "
                           f"{len(record['actions'])} are stored")
    if not isinstance(record["actions"], list) or len(record["actions"]) != record["steps"]:
        raise ResultsError(f"{where}: 'actions' must be a list of exactly 'steps' ({record['steps']}) actions")


def slug(text: str) -> str:
    """A file-name-safe form of an env id or agent name.

    Example:
        >>> slug("codegym/RepairMenu-v1")
        'codegym_RepairMenu-v1'
    """
    return re.sub(r"[^A-Za-z0-9._-]+", "_", text).strip("_") or "x"


def result_stem(env_id: str, agent_name: str, seed: int) -> str:
    """The common stem of a results file and its episodes file."""
    return f"{slug(env_id)}__{slug(agent_name)}__seed{int(seed)}"


def run_seed(doc: dict) -> int:
    """The seed a results file stands for: the training seed, else (random, oracle...) the evaluation seed."""
    seed = doc["training"].get("seed")
    return int(doc["evaluation"]["seed"] if seed is None else seed)


def _dumps_line(record: dict) -> str:
    return json.dumps(record, sort_keys=True, separators=(",", ":"), allow_nan=False)


def episodes_bytes(episodes: list[dict]) -> bytes:
    """The canonical JSONL encoding of episode records (what the stored sha256 covers)."""
    return "".join(_dumps_line(e) + "\n" for e in episodes).encode("utf-8")


def write_results(out_dir: str | Path, doc: dict, episodes: list[dict]) -> Path:
    """Write ``<stem>.json`` and ``<stem>.episodes.jsonl`` into ``out_dir``; return the JSON path."""
    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    stem = result_stem(doc["env"]["id"], doc["agent"]["name"], run_seed(doc))
    data = episodes_bytes(episodes)
    doc = dict(doc, episodes_file={"name": f"{stem}.episodes.jsonl", "sha256": hashlib.sha256(data).hexdigest()})
    validate_results(doc, stem)
    (out / doc["episodes_file"]["name"]).write_bytes(data)
    path = out / f"{stem}.json"
    path.write_text(json.dumps(doc, indent=2, sort_keys=True, allow_nan=False) + "\n", encoding="utf-8")
    return path


def read_results(path: str | Path) -> tuple[dict, list[dict]]:
    """The results document and its episode records; :class:`ResultsError` on any inconsistency."""
    path = Path(path)
    try:
        doc = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise ResultsError(f"{path}: not a readable JSON file ({exc})") from None
    validate_results(doc, str(path))
    episodes_path = path.with_name(doc["episodes_file"]["name"])
    try:
        data = episodes_path.read_bytes()
    except OSError as exc:
        raise ResultsError(f"{path}: its episodes file {episodes_path.name} cannot be read ({exc})") from None
    if hashlib.sha256(data).hexdigest() != doc["episodes_file"]["sha256"]:
        raise ResultsError(f"{path}: {episodes_path.name} does not match the sha256 recorded in the results file")
    episodes = []
    for n, line in enumerate(data.decode("utf-8").splitlines(), 1):
        try:
            record = json.loads(line)
        except json.JSONDecodeError as exc:
            raise ResultsError(f"{episodes_path}:{n}: not JSON ({exc})") from None
        validate_episode(record, f"{episodes_path}:{n}")
        episodes.append(record)
    return doc, episodes


def summarise_episodes(episodes: list[dict]) -> dict:
    """The ``metrics`` block recomputed from episode records (solve rate, return mean/std with ddof=0...).

    Episodes with status ``"error"`` are counted in ``episodes`` and ``error_episodes`` but left out
    of every rate and average (``error_episodes`` appears only when there are any, so files
    written before the field existed verify unchanged).

    Example:
        >>> m = summarise_episodes([{"task_id": "t", "verdict": "solved", "return": 1.0, "steps": 2,
        ...                          "reward_valid": True, "action_errors": 0},
        ...                         {"task_id": "t", "status": "error", "verdict": "error", "return": 0.0,
        ...                          "steps": 0, "reward_valid": True, "action_errors": 0}])
        >>> m["episodes"], m["error_episodes"], m["solve_rate"], m["return_mean"]
        (2, 1, 1.0, 1.0)
    """
    errors = sum(episode_status(e) == "error" for e in episodes)
    played = [e for e in episodes if episode_status(e) != "error"]
    n = len(played)
    returns = [float(e["return"]) for e in played]
    mean = sum(returns) / n if n else 0.0
    std = math.sqrt(sum((r - mean) ** 2 for r in returns) / n) if n else 0.0
    per_task: dict[str, dict] = {}
    for e in played:
        row = per_task.setdefault(e["task_id"], {"episodes": 0, "solved": 0, "return_sum": 0.0, "verdicts": {}})
        row["episodes"] += 1
        row["solved"] += e["verdict"] == "solved"
        row["return_sum"] += float(e["return"])
        row["verdicts"][e["verdict"]] = row["verdicts"].get(e["verdict"], 0) + 1
    for row in per_task.values():
        row["return_mean"] = row.pop("return_sum") / row["episodes"]
    metrics = {
        "episodes": len(episodes),
        "solve_rate": sum(e["verdict"] == "solved" for e in played) / n if n else 0.0,
        "return_mean": mean,
        "return_std": std,
        "return_std_ddof": 0,
        "steps_mean": sum(e["steps"] for e in played) / n if n else 0.0,
        "invalid_reward_episodes": sum(not e["reward_valid"] for e in played),
        "refused_actions": sum(int(e["action_errors"]) for e in played),
        "per_task": dict(sorted(per_task.items())),
    }
    if errors:
        metrics["error_episodes"] = errors
    return metrics

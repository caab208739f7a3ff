"""The journal of a distributed evaluation: finished episodes appended one JSON line at a time.

A run writes ``<stem>.episodes.partial.jsonl`` beside its results: a header line naming
the run (env, kwargs, agent, seed), then one episode record per finished episode,
appended and flushed as it finishes. A killed run leaves the journal behind; the next
run with the same settings reads it back and plays only the keys not yet done. Keys
are ``(env id, task id or "", episode seed)``; a key recorded twice counts once (the
first ``ok`` record wins), and ``error`` records are played again on resume. When
the run completes, the results files are written and the journal is removed (kept when
some episode ended in ``error``, so that a rerun plays just those).

Example:
    >>> import tempfile, pathlib
    >>> path = pathlib.Path(tempfile.mkdtemp()) / "x.episodes.partial.jsonl"
    >>> with Journal.open(path, {"env_id": "E"}) as journal:
    ...     journal.append({"episode_seed": 3, "options": None, "status": "ok"})
    >>> sorted(Journal.load(path, {"env_id": "E"}, "E"))
    [('E', '', 3)]
"""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Any, Mapping

from codegym.errors import ConfigError
from codegym.evaluation.schema import episode_status

#: ``(env id, task id or "", episode seed)``: what identifies one episode of a run.
EpisodeKey = tuple[str, str, int]
JOURNAL_FORMAT = "codegym.ray-journal/v1"


def episode_key(env_id: str, task_id: str | None, seed: int) -> EpisodeKey:
    """The key of the episode reset with ``seed`` and (when given) ``task_id``.

    Example:
        >>> episode_key("codegym/RepairMenu-v4", None, 7)
        ('codegym/RepairMenu-v4', '', 7)
    """
    return (str(env_id), str(task_id or ""), int(seed))


def record_key(env_id: str, record: Mapping[str, Any]) -> EpisodeKey:
    """The key of a stored episode record (the task id it was reset with, not the one the env picked)."""
    options = record.get("options") or {}
    return episode_key(env_id, options.get("task_id"), record["episode_seed"])


def _line(data: Mapping[str, Any]) -> str:
    return json.dumps(data, sort_keys=True, separators=(",", ":"), allow_nan=False) + "\n"


class Journal:
    """An append-only episode log; every :meth:`append` is flushed to disk before it returns."""

    def __init__(self, path: Path, handle: Any) -> None:
        self.path = path
        self._handle = handle

    @classmethod
    def open(cls, path: str | Path, header: Mapping[str, Any], records: list[dict] = ()) -> "Journal":
        """Start the journal afresh with ``header`` and the ``records`` kept from an earlier run."""
        path = Path(path)
        path.parent.mkdir(parents=True, exist_ok=True)
        tmp = path.with_name(path.name + ".tmp")
        tmp.write_text(_line({"journal": JOURNAL_FORMAT, **header}) + "".join(_line(r) for r in records),
                       encoding="utf-8")
        os.replace(tmp, path)
        return cls(path, open(path, "a", encoding="utf-8"))

    @staticmethod
    def load(path: str | Path, header: Mapping[str, Any], env_id: str) -> dict[EpisodeKey, dict]:
        """The ``ok`` records of an earlier run with the same ``header``, by key (empty when none).

        A journal of other settings raises :class:`ConfigError`; a torn last line (the run was
        killed while writing it) is dropped.
        """
        path = Path(path)
        if not path.is_file():
            return {}
        lines = path.read_text(encoding="utf-8").splitlines()
        try:
            head = json.loads(lines[0]) if lines else {}
        except json.JSONDecodeError:
            head = {}
        expected = {"journal": JOURNAL_FORMAT, **json.loads(_line(header))}
        if head != expected:
            raise ConfigError(f"{path}: a partial run with other settings ({head}) is in the way; "
                              f"delete it, or pass resume=False (--no-resume) to start over")
        done: dict[EpisodeKey, dict] = {}
        for n, line in enumerate(lines[1:], 2):
            try:
                record = json.loads(line)
            except json.JSONDecodeError:
                if n == len(lines):
                    break  # torn by a kill mid-write
                raise ConfigError(f"{path}:{n}: not JSON; delete the journal or pass resume=False") from None
            if episode_status(record) == "ok":
                done.setdefault(record_key(env_id, record), record)
        return done

    def append(self, record: Mapping[str, Any]) -> None:
        """Append one finished episode and flush it to disk."""
        self._handle.write(_line(record))
        self._handle.flush()
        os.fsync(self._handle.fileno())

    def close(self) -> None:
        self._handle.close()

    def __enter__(self) -> "Journal":
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

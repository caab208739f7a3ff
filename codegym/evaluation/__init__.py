"""Evaluating agents on held-out tasks, verifiable results files and the leaderboard.

* :mod:`~codegym.evaluation.evaluator` plays episodes and records every action.
* :mod:`~codegym.evaluation.schema` writes and reads ``codegym.results/v1`` files
  (a results JSON plus an episode JSONL beside it).
* :mod:`~codegym.evaluation.agents` builds policies from specs, checkpoints included
  (``ppo:PATH``, ``dqn:PATH``).
* :mod:`~codegym.evaluation.verify` replays stored actions and fails on any difference.
* :mod:`~codegym.evaluation.leaderboard` renders ``LEADERBOARD.md`` and learning curves.

Example:
    >>> from codegym.evaluation import DEFAULT_ENV_ID, SCHEMA
    >>> SCHEMA
    'codegym.results/v1'
"""

from __future__ import annotations

#: The env the baselines train on and ``codegym evaluate`` defaults to (bump it here with the env id).
DEFAULT_ENV_ID = "codegym/RepairMenu-v4"

from codegym.evaluation.schema import SCHEMA, ResultsError, read_results, write_results  # noqa: E402

__all__ = ["DEFAULT_ENV_ID", "SCHEMA", "ResultsError", "read_results", "write_results"]

"""Spaces and info conventions shared by codegym's PettingZoo envs.

* ``action_mode="menu"``: observations are ``Dict({"observation": Box, "action_mask":
  Box(0, 1, int8)})`` — the key names PettingZoo's classic envs and ``api_test`` use —
  and each seat's action space is one ``Discrete`` (masked by role and turn). Infos are
  numeric only (MARL libraries turn info values into tensors): :func:`numeric_info`.
* ``action_mode="text"``: observations are ``Dict({"observation": Box, "text": Text})``
  (a few numbers — role, phase, round — and the role's whole view as text; PettingZoo's
  ``api_test`` checks the dtype of ``obs["observation"]``); actions a ``Text`` of tool-call JSON.

Example:
    >>> space = menu_observation_space(4, 3)
    >>> sorted(space.spaces)
    ['action_mask', 'observation']
    >>> numeric_info({"verdict": "solved", "tests": {"passed": 2, "failed": 0, "total": 2},
    ...               "reward_valid": True, "action_error": "", "task_id": "x"})["verdict"]
    1.0
"""

from __future__ import annotations

from typing import Any, Mapping

import numpy as np
from gymnasium import spaces

from codegym.envs import spaces as envs_spaces
from codegym.errors import ConfigError
from codegym.verdict import VERDICTS

ACTION_MODES = ("text", "menu")
#: Default length of a text observation or action (characters).
TEXT_MAX = 20_000


def check_action_mode(action_mode: Any) -> str:
    """``action_mode`` if it is ``"text"`` or ``"menu"``, else a ConfigError naming the choices."""
    if action_mode not in ACTION_MODES:
        raise ConfigError(f"action_mode must be one of {list(ACTION_MODES)}, got {action_mode!r}")
    return action_mode


def menu_observation_space(n_features: int, n_actions: int) -> spaces.Dict:
    """``{"observation": Box(n_features), "action_mask": Box(0, 1, (n_actions,), int8)}``."""
    return spaces.Dict({
        "observation": spaces.Box(-1e6, 1e6, (n_features,), np.float32),
        "action_mask": spaces.Box(0, 1, (n_actions,), np.int8),
    })


def text_space(max_length: int = TEXT_MAX) -> spaces.Text:
    """The Gymnasium envs' ``Text`` space (:func:`codegym.envs.spaces.text_space`), with the multi-agent default length."""
    return envs_spaces.text_space(max_length)


def fit_text(text: str, max_length: int = TEXT_MAX) -> str:
    """``text`` made a member of :func:`text_space` (:func:`codegym.envs.spaces.fit_text`)."""
    return envs_spaces.fit_text(text, max_length)


def verdict_code(verdict: str) -> float:
    """0 while the episode runs, else 1 + the verdict's index in ``VERDICTS`` (solved = 1)."""
    return float(VERDICTS.index(verdict) + 1) if verdict in VERDICTS else 0.0


def numeric_info(info: Mapping[str, Any]) -> dict[str, Any]:
    """The engine's info made numeric: strings become codes or flags, nested dicts stay dicts of numbers.

    ``verdict`` -> :func:`verdict_code`; ``action_error``/``failure_reason`` -> 1.0 when
    non-empty; ``task_id`` is dropped (use the text variant, or the env's ``task`` property).
    """
    out: dict[str, Any] = {}
    for key, value in info.items():
        if key == "verdict":
            out[key] = verdict_code(value)
        elif key in ("action_error", "failure_reason"):
            out[key] = 1.0 if value else 0.0
        elif isinstance(value, bool):
            out[key] = 1.0 if value else 0.0
        elif isinstance(value, (int, float, np.integer, np.floating)):
            out[key] = float(value)
        elif isinstance(value, np.ndarray):
            out[key] = value
        elif isinstance(value, Mapping):
            nested = numeric_info(value)
            if nested:
                out[key] = nested
    return out

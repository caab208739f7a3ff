"""A ``Discrete`` action space over candidate actions of a text env (tool calls, solutions...).

Example:
    >>> import gymnasium as gym, codegym
    >>> from codegym.wrappers import CODEEDIT_BASIC_ACTIONS, CandidateActionWrapper
    >>> env = CandidateActionWrapper(gym.make("codegym/CodeEdit-v4"), CODEEDIT_BASIC_ACTIONS)  # doctest: +SKIP
    >>> obs, info = env.reset(seed=0)  # doctest: +SKIP
    >>> env.action_space, info["action_mask"]  # doctest: +SKIP
    (Discrete(4), array([1, 1, 1, 1], dtype=int8))
    >>> obs, reward, terminated, truncated, info = env.step(0)  # '{"tool": "run_tests", ...}'  # doctest: +SKIP

    A dynamic list, recomputed from each observation (here: submit the starting file
    or an empty one):

    >>> env = CandidateActionWrapper(gym.make("codegym/CodeGen-v4"),  # doctest: +SKIP
    ...                              lambda obs, info: [obs["starting_file"], ""], size=2)
"""

from __future__ import annotations

import json
from typing import Any, Callable, Sequence, Union

import gymnasium as gym
import numpy as np
from gymnasium import spaces

from codegym.errors import ConfigError

Candidates = Union[Sequence[Any], Callable[[Any, dict], Sequence[Any]]]

#: Tool calls of CodeEdit-v4 that need no arguments about the task: run the visible
#: tests, list the files, view the solution, submit.
CODEEDIT_BASIC_ACTIONS: tuple[str, ...] = (
    json.dumps({"tool": "run_tests", "args": {}}),
    json.dumps({"tool": "list_files", "args": {}}),
    json.dumps({"tool": "view_file", "args": {"path": "solution.py"}}),
    json.dumps({"tool": "submit", "args": {}}),
)


class CandidateActionWrapper(gym.Wrapper):
    """Choose the next action of a text env by index among candidate actions.

    ``candidates`` is a fixed sequence of actions (``size`` defaults to its length) or a
    function ``(obs, info) -> sequence`` called after every reset and step (``size``,
    the number of slots, is then required; extra candidates are cut off). Slots
    without a candidate are masked: ``info["action_mask"]`` and ``action_masks()``
    (int8, length ``size``). A masked, out-of-range or malformed index never raises: the
    wrapped env gets ``invalid_action`` (default ``None``), which codegym's envs treat
    as an invalid action (penalty, error in the info). Every info, reset included, has the
    same two batchable keys: ``info["candidate_index"]`` (the slot taken, -1 when none was)
    and ``info["candidate_error"]`` (why the index was refused, ``""`` otherwise); the
    action taken is ``wrapper.candidates[index]`` before the step (``last_candidate`` after).
    """

    def __init__(self, env: gym.Env, candidates: Candidates, size: int | None = None, invalid_action: Any = None) -> None:
        super().__init__(env)
        if callable(candidates):
            if size is None:
                raise ConfigError("size= (the number of action slots) is required when candidates is a function")
            self._fn: Callable[[Any, dict], Sequence[Any]] | None = candidates
            self._static: list[Any] = []
        else:
            if isinstance(candidates, (str, bytes)) or not isinstance(candidates, Sequence) or len(candidates) == 0:
                raise ConfigError("candidates must be a non-empty sequence of actions or a function (obs, info) -> actions")
            self._fn = None
            self._static = list(candidates)
            size = len(self._static) if size is None else size
        if isinstance(size, bool) or not isinstance(size, (int, np.integer)) or size < 1:
            raise ConfigError(f"size must be a positive int, got {size!r}")
        self.size = int(size)
        self.invalid_action = invalid_action
        self.action_space = spaces.Discrete(self.size)
        self.candidates: list[Any] = self._static[: self.size]
        self.last_candidate: Any = None  # the action the latest step sent to the env
        self._mask = self._make_mask()

    def _make_mask(self) -> np.ndarray:
        mask = np.zeros(self.size, dtype=np.int8)
        mask[: len(self.candidates)] = 1
        return mask

    def _refresh(self, observation: Any, info: dict) -> None:
        if self._fn is not None:
            try:
                found = list(self._fn(observation, info))
            except Exception as exc:  # a broken candidate function must not crash the rollout silently
                raise ConfigError(f"candidates function failed: {type(exc).__name__}: {exc}") from exc
            self.candidates = found[: self.size]
        self._mask = self._make_mask()
        info["action_mask"] = self._mask.copy()

    def action_masks(self) -> np.ndarray:
        """Valid slots (int8, length ``size``): what sb3-contrib's MaskablePPO reads."""
        return self._mask.copy()

    def reset(self, *, seed: int | None = None, options: dict | None = None) -> tuple[Any, dict]:
        observation, info = self.env.reset(seed=seed, options=options)
        info = {**info, "candidate_index": -1, "candidate_error": ""}
        self.last_candidate = None
        self._refresh(observation, info)
        return observation, info

    def _index(self, action: Any) -> tuple[int, str]:
        if isinstance(action, np.ndarray) and action.size == 1 and action.ndim <= 1 and np.issubdtype(action.dtype, np.integer):
            action = action.reshape(()).item()
        if isinstance(action, (bool, np.bool_)) or not isinstance(action, (int, np.integer)):
            return -1, f"the action must be a candidate index (int 0..{self.size - 1}), got {type(action).__name__}"
        index = int(action)
        if not 0 <= index < self.size:
            return -1, f"action {index} is out of range 0..{self.size - 1}"
        if not self._mask[index]:
            return -1, f"slot {index} has no candidate (masked); {len(self.candidates)} candidates now"
        return index, ""

    def step(self, action: Any) -> tuple[Any, float, bool, bool, dict]:
        index, problem = self._index(action)
        chosen = self.invalid_action if problem else self.candidates[index]
        observation, reward, terminated, truncated, info = self.env.step(chosen)
        info = {**info, "candidate_index": index, "candidate_error": problem}
        self.last_candidate = chosen
        self._refresh(observation, info)
        return observation, reward, terminated, truncated, info

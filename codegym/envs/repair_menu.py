"""``codegym/RepairMenu-v4``: repair a buggy program by choosing edits from a menu (numeric spaces).

For classic RL libraries (Stable-Baselines3, sb3-contrib's MaskablePPO, CleanRL...):
observations are numbers and actions are menu indexes. Each episode is a repair task
(default source ``mutations``: bugs injected into a correct program).

* **Action** ``Discrete(menu_size + 1)``: ``0`` submits (the hidden tests judge the
  solution file, the episode ends); ``1..menu_size`` apply that menu entry to the
  solution file, then the visible tests run. Empty slots are masked:
  ``info["action_mask"]`` and ``env.action_masks()`` (what MaskablePPO reads). A masked,
  out-of-range or malformed action never raises: the step costs
  ``invalid_action_penalty`` (reward term ``invalid_action``) and ``info["action_error"]``
  says why.
* **Menu**: the tree-sitter mutation candidates of the current program (at most
  ``menu_size``, sampled with ``np_random`` when there are more) plus every edit still
  separating it from the reference (the task's recorded restoring edits, carried
  through the agent's edits, and the inverses of those edits), shuffled with
  ``np_random``: no slot has a fixed meaning. ``env.unwrapped.describe_menu()`` describes
  the entries (text; the info holds only batchable values).
* **Observation** (a flat ``Dict`` of ``Box``/``MultiBinary``, fit for SB3's
  ``MultiInputPolicy``): ``candidates`` (``menu_size`` x ``N_CANDIDATE_FEATURES``
  per-entry features, see :mod:`codegym.envs.repair_features`), ``mask``
  (``MultiBinary(menu_size + 1)``), ``tests`` (the latest visible run: pass fraction,
  failure kinds...) and ``step`` (fraction of the episode's limit used).
* **Reward** (default): ``tests`` on the hidden verdict run (+1/-1 per passed/failed
  hidden test), ``completion`` (solved +10 ... ) and ``shaping`` (potential-based
  progress in the visible pass fraction, and a 0.05 step cost).
* The step that reaches the episode's limit (``max_episode_steps``, 20 by default)
  truncates it with the verdict ``timeout``; the hidden tests run and are paid as a
  submission of the same file would be, less the timeout's cost (stalling never pays).

Example:
    >>> import gymnasium as gym, codegym
    >>> env = gym.make("codegym/RepairMenu-v4")  # doctest: +SKIP
    >>> obs, info = env.reset(seed=0)  # doctest: +SKIP
    >>> obs["candidates"].shape, info["action_mask"].shape  # doctest: +SKIP
    ((32, 36), (33,))
    >>> from sb3_contrib import MaskablePPO  # doctest: +SKIP
    >>> MaskablePPO("MultiInputPolicy", env).learn(10_000)  # doctest: +SKIP
"""

from __future__ import annotations

from typing import Any

import numpy as np
from gymnasium import spaces

from codegym.code.menu import EditMenu
from codegym.envs.core import CodingEnv
from codegym.envs.repair_features import (
    CANDIDATE_FEATURES,
    N_CANDIDATE_FEATURES,
    N_TEST_FEATURES,
    EpisodeMemory,
    candidate_features,
    report_features,
)
from codegym.errors import ConfigError
from codegym.tasks.sources.mutations import restoring_edits
from codegym.verdict import TestReport
from codegym.verdict.signals import failure_signals

DEFAULT_MAX_STEPS = 20


class RepairMenuEnv(CodingEnv):
    """Pick edits from a menu of mutation-operator edits until the program passes, then submit."""

    default_max_steps = DEFAULT_MAX_STEPS

    default_tasks = "mutations"
    default_reward = {
        "tests": {"weight": 1.0, "options": {"which": "hidden"}},
        "completion": 1.0,
        "shaping": {"weight": 1.0, "options": {"step_cost": -0.05}},
    }

    def __init__(self, menu_size: int = 32, **kwargs: Any) -> None:
        if isinstance(menu_size, bool) or not isinstance(menu_size, (int, np.integer)) or not 1 <= int(menu_size) <= 1024:
            raise ConfigError(f"menu_size must be an int in 1..1024, got {menu_size!r}")
        super().__init__(**kwargs)
        self.menu_size = int(menu_size)
        self.observation_space = spaces.Dict({
            "candidates": spaces.Box(-1.0, 1.0, shape=(self.menu_size, N_CANDIDATE_FEATURES), dtype=np.float32),
            "mask": spaces.MultiBinary(self.menu_size + 1),
            "tests": spaces.Box(-1.0, 1.0, shape=(N_TEST_FEATURES,), dtype=np.float32),
            "step": spaces.Box(0.0, 1.0, shape=(1,), dtype=np.float32),
        })
        self.action_space = spaces.Discrete(self.menu_size + 1)
        self.feature_names = CANDIDATE_FEATURES
        self.path = ""
        self.reference = ""
        self.menu = EditMenu(self.menu_size)
        self._mask = np.zeros(self.menu_size + 1, dtype=np.int8)
        self._mask[0] = 1
        self._memory = EpisodeMemory.start("")
        self._previous_tests: TestReport | None = None
        self._last_invalid = False

    # ---- state
    @property
    def source(self) -> str:
        """The current text of the solution file."""
        return self.files.get(self.path, "")

    def action_masks(self) -> np.ndarray:
        """Valid actions (int8, length ``menu_size + 1``): what sb3-contrib's MaskablePPO reads."""
        return self._mask.copy()

    def describe_menu(self) -> list[str]:
        """One line per menu entry (slot ``i + 1``): what the edit does. Not part of the observation."""
        return self.menu.describe()

    def oracle_actions(self) -> list[int]:
        """Menu indexes whose edit moves the program toward the reference (ground truth, for tests and baselines).

        Not part of the observation. ``[0]`` (submit) once nothing separates the file
        from the reference; ``[]`` when the episode has ended.
        """
        if self.done or self.task is None:
            return []
        toward = [i + 1 for i in self.menu.toward_indices()]
        if toward:
            return toward
        return [0] if self.source == self.reference else []

    def submit_action(self) -> int:
        """The action that submits the file as it is (``0``): what the ``submit`` reference agent plays."""
        return 0

    def oracle_action(self) -> int:
        """The expert's next action: the first menu entry toward the reference, else submit (0)."""
        return (self.oracle_actions() or [0])[0]

    def _build_menu(self) -> None:
        self.menu.build(self.np_random)
        self._mask = np.concatenate([np.ones(1, dtype=np.int8), self.menu.mask()])

    def _observe(self) -> dict:
        if self.task is None:
            return self._blank_observation()
        signals = failure_signals(self.last_tests, self.path)
        horizon = self.max_steps or DEFAULT_MAX_STEPS
        return {
            "candidates": candidate_features(self.source, self.menu.entries, signals, self._memory, self.menu_size),
            "mask": self._mask.copy(),
            "tests": report_features(self.last_tests, self._previous_tests, signals, self._last_invalid),
            "step": np.array([min(1.0, self.engine.steps / horizon)], dtype=np.float32),
        }

    def _extra(self, info: dict, edit: str = "") -> dict:
        info["action_mask"] = self._mask.copy()
        info["edit"] = edit
        return info

    # ---- episode
    def reset(self, *, seed: int | None = None, options: dict | None = None) -> tuple[dict, dict]:
        task = self._begin(seed, options)
        self.path = task.meta.get("solution_path") if isinstance(task.meta.get("solution_path"), str) else ""
        if not self.path or self.path not in self.files:
            python = [p for p in task.solution_paths if p.endswith(".py")] or list(task.solution_paths)
            self.path = python[0] if python else next(iter(self.files), "solution.py")
        self.reference = (task.reference or {}).get(self.path, "")
        self.menu.start(self.source, self.reference, restoring_edits(task))
        self._memory = EpisodeMemory.start(self.source)
        self._previous_tests = None
        self._last_invalid = False
        # The starting state's report: the first step's progress is measured from it.
        self.engine.observe_start(self.engine.run_visible_tests())
        self._build_menu()
        return self._observe(), self._extra(self.engine.info())

    def _parse_action(self, action: Any) -> tuple[int, str]:
        if isinstance(action, (bool, np.bool_)):
            return -1, f"the action must be a menu index (int 0..{self.menu_size}), got a bool"
        if isinstance(action, np.ndarray):
            if action.size != 1 or action.ndim > 1 or not np.issubdtype(action.dtype, np.integer):
                return -1, (f"the action must be a menu index (int 0..{self.menu_size}); got an array of shape "
                            f"{action.shape} and dtype {action.dtype}")
            action = action.reshape(()).item()
        if not isinstance(action, (int, np.integer)) or isinstance(action, (bool, np.bool_)):
            return -1, f"the action must be a menu index (int 0..{self.menu_size}), got {type(action).__name__}"
        index = int(action)
        if not 0 <= index <= self.menu_size:
            return -1, f"action {index} is out of range: 0 submits, 1..{self.menu_size} pick a menu entry"
        if not self._mask[index]:
            return -1, f"menu slot {index} is empty (masked); the menu has {len(self.menu.entries)} entries"
        return index, ""

    def step(self, action: Any) -> tuple[dict, float, bool, bool, dict]:
        if self.engine.done:
            self._last_invalid = True
            outcome = self.engine.step()
            return self._result(outcome, self._observe(), self._extra(outcome.info))
        index, problem = self._parse_action(action)
        self._last_invalid = bool(problem)
        report: TestReport | None = None
        edit = ""
        if not problem and index > 0:
            entry = self.menu.apply(index - 1)
            self.engine.write_file(self.path, entry.result)
            self._memory.record(entry.edit, entry.result)
            self._previous_tests = self.last_tests
            report = self.engine.run_visible_tests()
            edit = entry.edit.describe()
        outcome = self.engine.step(tests=report, problem=problem, submit=not problem and index == 0,
                                   action=index if not problem else None)
        if report is not None:
            self._build_menu()
        if self.engine.done:
            self._mask = np.zeros(self.menu_size + 1, dtype=np.int8)
            self._mask[0] = 1  # nothing is valid after the end; submit stays unmasked so samplers never see an empty mask
        return self._result(outcome, self._observe(), self._extra(outcome.info, edit))

    def _blank_observation(self) -> dict:
        return {
            "candidates": np.zeros((self.menu_size, N_CANDIDATE_FEATURES), dtype=np.float32),
            "mask": self._mask.copy(),
            "tests": np.zeros(N_TEST_FEATURES, dtype=np.float32),
            "step": np.zeros(1, dtype=np.float32),
        }

    # ---- rendering
    def _render_text(self) -> str:
        text = super()._render_text()
        if self.task is None:
            return text
        lines = [text, f"--- {self.path}", self.source.rstrip("\n"), "--- menu (0: submit)"]
        lines += [f"{i + 1:3d}: {line}" for i, line in enumerate(self.describe_menu())]
        return "\n".join(lines)

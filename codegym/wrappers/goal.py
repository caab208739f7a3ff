"""A goal-conditioned view of the worker (for SB3's ``HerReplayBuffer``).

:class:`GoalWrapper` wraps a worker-only menu env (``WorkerWrapper(DecomposeMenu-v2)``);
its observations are ``{"observation", "achieved_goal", "desired_goal"}``:

* ``achieved_goal`` — the per-part visible pass vector (fractions, ``max_parts``, padded with 0);
* ``desired_goal`` — the one-hot of the part the worker is on;
* ``observation`` — the menu env's numbers flattened (level, part, status, budget, mask, candidates).

:meth:`GoalWrapper.compute_reward` is vectorised and, for a one-hot goal g = e_k, equals
the worker's step reward: ``g·(a − p) + Σ_j g_j [a_j = 1](1 − e_j) − Σ_j (1 − g_j)[a_j < p_j] + penalty``
with ``p`` the pass vector before the step, ``e`` the parts that had passed before, and the
step's goal-independent terms (the invalid-action penalty and, on the last step, the
``unconfirmed`` clawback), all three from ``info``. For another goal (HER relabels
goals to achieved pass vectors) the same formula weighs the parts by ``g``. The reward
reads the step's info, so SB3's ``HerReplayBuffer`` needs ``copy_info_dict=True``.

Example:
    >>> import gymnasium as gym, codegym
    >>> from codegym.wrappers.options import WorkerWrapper
    >>> env = GoalWrapper(WorkerWrapper(gym.make("codegym/DecomposeMenu-v2")))  # doctest: +SKIP
    >>> obs, info = env.reset(seed=0)  # doctest: +SKIP
    >>> obs, r, term, trunc, info = env.step(0)  # doctest: +SKIP
    >>> r == env.compute_reward(obs["achieved_goal"], obs["desired_goal"], info)  # doctest: +SKIP
    True
"""

from __future__ import annotations

from typing import Any, Mapping, Sequence

import gymnasium as gym
import numpy as np
from gymnasium import spaces

from codegym.envs.decompose import DecomposeMenuEnv
from codegym.errors import ConfigError

GOAL_INFO = ("previous_achieved", "ever_passed_before", "penalty")


class GoalWrapper(gym.Wrapper, gym.utils.RecordConstructorArgs):
    """``{"observation", "achieved_goal", "desired_goal"}`` and a vectorised ``compute_reward``."""

    def __init__(self, env: gym.Env) -> None:
        gym.utils.RecordConstructorArgs.__init__(self)
        gym.Wrapper.__init__(self, env)
        core = env.unwrapped
        if not isinstance(core, DecomposeMenuEnv):
            raise ConfigError(f"GoalWrapper needs a codegym/DecomposeMenu-v2 env (under a WorkerWrapper), "
                              f"got {type(core).__name__}")
        self.core = core
        n = core.max_parts
        inner = core.observation_space
        self._size = int(sum(np.prod(inner[k].shape) for k in ("part_status", "budget", "candidates"))
                         + inner["action_mask"].n + 2 + n + 1)
        self.observation_space = spaces.Dict({
            "observation": spaces.Box(-1.0, 1.0, (self._size,), np.float32),
            "achieved_goal": spaces.Box(0.0, 1.0, (n,), np.float32),
            "desired_goal": spaces.Box(0.0, 1.0, (n,), np.float32),
        })

    def _goal_obs(self, obs: Mapping[str, Any]) -> dict:
        m = self.core.machine
        n = self.core.max_parts
        level = np.eye(2, dtype=np.float32)[int(obs["level"])]
        part = np.eye(n + 1, dtype=np.float32)[int(obs["part"])]
        flat = np.concatenate([level, part, np.ravel(obs["part_status"]), np.ravel(obs["budget"]),
                               np.asarray(obs["action_mask"], np.float32), np.ravel(obs["candidates"])])
        achieved = np.zeros(n, np.float32)
        achieved[: len(m.fractions)] = m.fractions
        desired = np.zeros(n, np.float32)
        if m.part >= 0:
            desired[m.part] = 1.0
        return {"observation": np.clip(flat.astype(np.float32), -1.0, 1.0), "achieved_goal": achieved,
                "desired_goal": desired}

    def _snapshot(self) -> dict:
        m = self.core.machine
        n = self.core.max_parts
        previous = np.zeros(n, np.float32)
        previous[: len(m.fractions)] = m.fractions
        ever = np.zeros(n, np.float32)
        ever[: len(m.ever_passed)] = m.ever_passed
        return {"previous_achieved": previous, "ever_passed_before": ever}

    def reset(self, *, seed: int | None = None, options: dict | None = None) -> tuple[dict, dict]:
        obs, info = self.env.reset(seed=seed, options=options)
        return self._goal_obs(obs), info

    def step(self, action: Any) -> tuple[dict, float, bool, bool, dict]:
        before = self._snapshot()
        desired = self._desired()  # the goal this step is taken for (the option may end on it)
        obs, reward, terminated, truncated, info = self.env.step(action)
        info.update(before)
        # the goal-independent terms: the invalid-action penalty and, at the end, the clawback
        info["penalty"] = float(info["worker_terms"]["invalid_action"] + info["worker_terms"]["unconfirmed"])
        info["step_desired_goal"] = desired
        goal_obs = self._goal_obs(obs)
        return goal_obs, float(self.compute_reward(goal_obs["achieved_goal"], desired, info)), terminated, truncated, info

    def _desired(self) -> np.ndarray:
        desired = np.zeros(self.core.max_parts, np.float32)
        if self.core.machine.part >= 0:
            desired[self.core.machine.part] = 1.0
        return desired

    @staticmethod
    def compute_reward(achieved_goal: np.ndarray, desired_goal: np.ndarray,
                       info: Mapping[str, Any] | Sequence[Mapping[str, Any]] | np.ndarray) -> np.ndarray | float:
        """The worker's reward for reaching ``achieved_goal`` when aiming at ``desired_goal`` (batched).

        ``achieved_goal``/``desired_goal`` are ``(n,)`` or ``(batch, n)``; ``info`` one dict or a
        sequence of them (one per row), each with ``previous_achieved``, ``ever_passed_before``
        and ``penalty``.
        """
        achieved = np.asarray(achieved_goal, dtype=np.float64)
        desired = np.asarray(desired_goal, dtype=np.float64)
        single = achieved.ndim == 1
        achieved, desired = np.atleast_2d(achieved), np.atleast_2d(desired)
        infos = [info] if isinstance(info, Mapping) else list(np.ravel(np.asarray(info, dtype=object)))
        if len(infos) == 1 and achieved.shape[0] > 1:
            infos = infos * achieved.shape[0]
        if len(infos) != achieved.shape[0]:
            raise ConfigError(f"compute_reward: {achieved.shape[0]} goals but {len(infos)} infos; pass one info per row")
        missing = [key for key in GOAL_INFO if not all(key in i for i in infos)]
        if missing:
            raise ConfigError(f"compute_reward needs the step's info (keys {list(GOAL_INFO)}; missing {missing}); "
                              f"with SB3's HerReplayBuffer pass replay_buffer_kwargs={{'copy_info_dict': True}}")
        previous = np.stack([np.asarray(i["previous_achieved"], np.float64) for i in infos])
        ever = np.stack([np.asarray(i["ever_passed_before"], np.float64) for i in infos])
        penalty = np.array([float(i["penalty"]) for i in infos])
        progress = np.sum(desired * (achieved - previous), axis=1)
        bonus = np.sum(desired * (achieved >= 1.0) * (1.0 - ever), axis=1)
        regression = np.sum((1.0 - desired) * (achieved < previous), axis=1)
        reward = progress + bonus - regression + penalty
        return float(reward[0]) if single else reward

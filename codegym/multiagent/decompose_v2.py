"""``decompose_v2``: the decomposition machine as two PettingZoo agents, ``manager_0`` and ``worker_0``.

An AEC env over the same turn machine as ``codegym/DecomposeMenu-v2`` (``action_mode="menu"``)
or ``codegym/Decompose-v2`` (``action_mode="text"``): it holds one of those envs and
forwards the acting agent's action to it, so the logic lives in one place
(:class:`codegym.envs.decompose.DecomposeMachine`). ``agent_selection`` is the acting
level: the manager until it selects a part, then the worker until the option ends.

* menu: ``manager_0`` acts in ``Discrete(1 + max_parts)`` (``0`` submit, ``1 + k`` select
  part k), ``worker_0`` in ``Discrete(1 + menu_size)`` (``0`` yield, ``1 + i`` menu entry
  i); observations ``{"observation": Box, "action_mask": Box(int8)}`` (the numbers are the
  level, chosen part, per-part status, budgets and the menu's features). Infos are numeric.
* text: both act with tool-call JSON (see the envs); observations ``{"observation": Box,
  "text": Text}``.

Rewards: ``manager_0`` gets the manager's reward of every step (``parts`` on the worker's
steps too, ``completion`` at the end), ``worker_0`` its intrinsic reward. A bad action
costs the acting agent ``invalid_action_penalty`` and is explained in
``infos[agent]["action_error"]`` (menu: a flag); it never raises.

Example:
    >>> from codegym.multiagent import decompose_v2
    >>> env = decompose_v2.env()  # doctest: +SKIP
    >>> env.reset(seed=0)  # doctest: +SKIP
    >>> for agent in env.agent_iter():  # doctest: +SKIP
    ...     obs, reward, term, trunc, info = env.last()
    ...     env.step(None if term or trunc else env.unwrapped.oracle_action())
"""

from __future__ import annotations

from typing import Any

import numpy as np
from gymnasium import spaces
from pettingzoo import AECEnv
from pettingzoo.utils import wrappers

from codegym.engine import RESET_OPTIONS
from codegym.envs.decompose import MANAGER, DecomposeEnv, DecomposeMenuEnv
from codegym.multiagent.spaces import check_action_mode, fit_text, numeric_info, text_space

MANAGER_AGENT, WORKER_AGENT = "manager_0", "worker_0"
AGENTS = (MANAGER_AGENT, WORKER_AGENT)


class raw_env(AECEnv):
    """Manager and worker of one decomposition episode as two AEC agents."""

    metadata = {"name": "decompose_v2", "render_modes": ["ansi", "human"], "is_parallelizable": False}

    def __init__(self, action_mode: str = "menu", render_mode: str | None = None, **kwargs: Any) -> None:
        super().__init__()
        self.action_mode = check_action_mode(action_mode)
        self.render_mode = render_mode
        self.core: DecomposeEnv = (DecomposeMenuEnv if action_mode == "menu" else DecomposeEnv)(**kwargs)
        self.possible_agents = list(AGENTS)
        self.agents = list(AGENTS)
        core = self.core
        self._n_features = 2 + (core.max_parts + 1) + core.max_parts * 3 + 2
        if action_mode == "menu":
            self._n_features += int(np.prod(core.observation_space["candidates"].shape))
            self._action_spaces = {MANAGER_AGENT: spaces.Discrete(1 + core.max_parts),
                                   WORKER_AGENT: spaces.Discrete(1 + core.menu_size)}
            observation = spaces.Dict({
                MANAGER_AGENT: spaces.Dict({"observation": spaces.Box(-1.0, 1.0, (self._n_features,), np.float32),
                                            "action_mask": spaces.Box(0, 1, (1 + core.max_parts,), np.int8)}),
                WORKER_AGENT: spaces.Dict({"observation": spaces.Box(-1.0, 1.0, (self._n_features,), np.float32),
                                           "action_mask": spaces.Box(0, 1, (1 + core.menu_size,), np.int8)}),
            })
            self._observation_spaces = dict(observation.spaces)
        else:
            self._action_spaces = {agent: core.action_space for agent in AGENTS}
            self._observation_spaces = {agent: spaces.Dict({
                "observation": spaces.Box(-1.0, 1.0, (self._n_features,), np.float32),
                "text": text_space()}) for agent in AGENTS}
        self._obs: dict = {}

    # ------------------------------------------------------------------ spaces
    def observation_space(self, agent: str) -> spaces.Space:
        return self._observation_spaces[agent]

    def action_space(self, agent: str) -> spaces.Space:
        return self._action_spaces[agent]

    @property
    def machine(self):
        return self.core.machine

    def acting(self) -> str:
        return MANAGER_AGENT if self.machine.level == MANAGER else WORKER_AGENT

    def action_mask(self, agent: str) -> np.ndarray:
        """The agent's valid actions now (all zeros while the other agent acts)."""
        n = self._action_spaces[agent].n if self.action_mode == "menu" else 1 + self.core.max_parts
        mask = np.zeros(n, dtype=np.int8)
        if self.core.done or agent != self.acting():
            return mask
        full = self.core.action_masks()
        mask[:min(n, len(full))] = full[:n]
        return mask

    # ------------------------------------------------------------------ observations
    def observe(self, agent: str) -> Any:
        return self._observe(agent)

    def _features(self) -> np.ndarray:
        obs = self._obs
        core = self.core
        parts = [np.eye(2, dtype=np.float32)[int(obs["level"])],
                 np.eye(core.max_parts + 1, dtype=np.float32)[int(obs["part"])],
                 np.ravel(obs["part_status"]), np.ravel(obs["budget"])]
        if self.action_mode == "menu":
            parts.append(np.ravel(obs["candidates"]))
        return np.clip(np.concatenate(parts).astype(np.float32), -1.0, 1.0)

    def _observe(self, agent: str) -> dict:
        if self.action_mode == "menu":
            return {"observation": self._features(), "action_mask": self.action_mask(agent)}
        obs = self._obs
        text = "\n\n".join(str(obs[k]) for k in ("statement", "outline", "output", "error") if obs[k])
        return {"observation": self._features(), "text": fit_text(f"you are {agent}\n{text}")}

    def _info(self, agent: str, info: dict) -> dict:
        info = dict(info)
        info["acting"] = self.acting()
        info.pop("action_mask", None)  # PettingZoo samples the action space with info["action_mask"]
        if self.action_mode == "menu":
            info["action_mask"] = self.action_mask(agent)
            info.pop("termination", None)
            info.pop("parts_ever_passed", None)
            info = numeric_info(info)
            info["acting"] = float(AGENTS.index(self.acting()))  # 0 manager_0, 1 worker_0
            info["part_status"] = self.machine.status_array()[:, 1].copy()
        return info

    # ------------------------------------------------------------------ lifecycle
    def reset(self, seed: int | None = None, options: dict | None = None) -> None:
        # PettingZoo's api_test passes options of its own: only the engine's are forwarded
        forwarded = {k: v for k, v in (options or {}).items() if k in RESET_OPTIONS} or None
        self._obs, info = self.core.reset(seed=seed, options=forwarded)
        self.agents = list(self.possible_agents)
        self.rewards = {agent: 0.0 for agent in self.agents}
        self._cumulative_rewards = {agent: 0.0 for agent in self.agents}
        self.terminations = {agent: False for agent in self.agents}
        self.truncations = {agent: False for agent in self.agents}
        self.infos = {agent: self._info(agent, info) for agent in self.agents}
        self.agent_selection = self.acting()

    def close(self) -> None:
        self.core.close()

    def render(self) -> str | None:
        if self.render_mode is None:
            return None
        text = self.core._render_text()
        if self.render_mode == "human":
            print(text)
            return None
        return text

    def step(self, action: Any) -> None:
        agent = self.agent_selection
        if self.terminations[agent] or self.truncations[agent]:
            self._was_dead_step(action)
            return
        self._cumulative_rewards[agent] = 0.0
        if agent == WORKER_AGENT and self.action_mode == "menu" and action is not None:
            action = np.int64(action)
        self._obs, _, terminated, truncated, info = self.core.step(action)
        self.rewards = {MANAGER_AGENT: float(info["manager_reward"]), WORKER_AGENT: float(info["worker_reward"])}
        if terminated or truncated:
            for a in self.agents:
                self.terminations[a] = bool(terminated)
                self.truncations[a] = bool(truncated and not terminated)
        self.infos = {a: self._info(a, info) for a in self.agents}
        self._accumulate_rewards()
        self.agent_selection = self.acting()

    def oracle_action(self, agent: str | None = None) -> Any:
        """The expert's action for the acting agent (the env's ``oracle_action()``)."""
        return self.core.oracle_action()


def env(**kwargs: Any) -> AECEnv:
    """The AEC env inside PettingZoo's order-enforcing (and, for menus, bounds-checking) wrappers."""
    wrapped = raw_env(**kwargs)
    if wrapped.action_mode == "menu":
        wrapped = wrappers.AssertOutOfBoundsWrapper(wrapped)
    return wrappers.OrderEnforcingWrapper(wrapped)

"""Single-level views of the decomposition envs: the manager's semi-MDP and the worker's MDP.

* :class:`OptionsWrapper` ``(env, worker_policy, gamma)`` — the manager alone. Each step
  is one manager action; a ``select`` runs the worker option to completion with
  ``worker_policy`` and returns ``R = Σ_{i<τ} γ^i r_i`` over the τ flat steps the option
  took (the select step first, then the worker's steps; ``r_i`` is the flat env's step
  reward), with ``info["option"] = {part, tau, discounted_return, undiscounted_return,
  discount (γ^τ), termination, manager_return, worker_return}`` (the last two: the
  discounted sums of each level's own rewards, for trainers that want them apart).
  SMDP Q-learning bootstraps with ``discount``.
* :class:`WorkerWrapper` ``(env, manager_policy)`` — the worker alone: the manager's turns
  are played by ``manager_policy``; the reward is the worker's (intrinsic) reward.

A policy is a callable ``(obs, info) -> action``, ``"oracle"`` (the env's
``oracle_action()``) or ``"random"`` (uniform over the acting level's valid actions; for
the text env, a random one of a few tool calls).

Example:
    >>> import gymnasium as gym, codegym
    >>> from codegym.wrappers.options import OptionsWrapper
    >>> env = OptionsWrapper(gym.make("codegym/DecomposeMenu-v2"), worker_policy="oracle", gamma=0.99)  # doctest: +SKIP
    >>> obs, info = env.reset(seed=0)  # doctest: +SKIP
    >>> obs, R, term, trunc, info = env.step(1)  # doctest: +SKIP
    >>> info["option"]["termination"], info["option"]["tau"]  # doctest: +SKIP
    ('part_passed', 3)
"""

from __future__ import annotations

import json
from typing import Any, Callable

import gymnasium as gym
import numpy as np
from gymnasium import spaces

from codegym.envs.decompose import MANAGER, WORKER, DecomposeEnv, DecomposeMenuEnv
from codegym.errors import ConfigError

Policy = Callable[[Any, dict], Any]
#: Steps a manager policy may take in WorkerWrapper before the worker is to act (or the episode ends).
MAX_MANAGER_TURNS = 10_000


def _core(env: gym.Env) -> DecomposeEnv:
    core = env.unwrapped
    if not isinstance(core, DecomposeEnv):
        raise ConfigError(f"this wrapper needs a codegym decomposition env (codegym/Decompose-v2 or "
                          f"codegym/DecomposeMenu-v2), got {type(core).__name__}")
    return core


def random_action(core: DecomposeEnv, rng: np.random.Generator) -> Any:
    """A uniformly random valid action of the acting level."""
    if isinstance(core, DecomposeMenuEnv):
        valid = np.flatnonzero(core.action_masks())
        return int(rng.choice(valid)) if valid.size else 0
    if core.machine.level == MANAGER:
        valid = np.flatnonzero(core.action_masks())
        choice = int(rng.choice(valid)) if valid.size else 0
        return core.manager_action("submit") if choice == 0 else core.manager_action("select", choice - 1)
    calls = [{"tool": "yield", "args": {}}, {"tool": "run_tests", "args": {}},
             {"tool": "view_file", "args": {"path": "solution.py"}},
             {"tool": "insert_lines", "args": {"path": "solution.py", "after_line": 0, "text": "# note\n"}}]
    return json.dumps(calls[int(rng.integers(len(calls)))])


def make_policy(policy: Policy | str, core: DecomposeEnv, rng: Callable[[], np.random.Generator]) -> Policy:
    """A callable policy from a callable, ``"oracle"`` or ``"random"``."""
    if policy == "oracle":
        return lambda obs, info: core.oracle_action()
    if policy == "random":
        return lambda obs, info: random_action(core, rng())
    if callable(policy):
        return policy
    raise ConfigError(f"a policy is a callable (obs, info) -> action, 'oracle' or 'random'; got {policy!r}")


def _check_gamma(gamma: Any) -> float:
    if isinstance(gamma, bool) or not isinstance(gamma, (int, float)) or not 0.0 <= float(gamma) <= 1.0:
        raise ConfigError(f"gamma must be a number in [0, 1], got {gamma!r}")
    return float(gamma)


class OptionsWrapper(gym.Wrapper, gym.utils.RecordConstructorArgs):
    """The manager's semi-MDP: one step = one manager action and the option it starts, run to its end."""

    def __init__(self, env: gym.Env, worker_policy: Policy | str = "oracle", gamma: float = 0.99) -> None:
        gym.utils.RecordConstructorArgs.__init__(self, worker_policy=worker_policy, gamma=gamma)
        gym.Wrapper.__init__(self, env)
        self.core = _core(env)
        self.gamma = _check_gamma(gamma)
        self._rng = np.random.default_rng()
        self.worker_policy = make_policy(worker_policy, self.core, lambda: self._rng)
        n = 1 + self.core.max_parts
        if isinstance(self.core, DecomposeMenuEnv):
            self.action_space = spaces.Discrete(n)

    def action_masks(self) -> np.ndarray:
        """The manager's valid actions: ``[submit, select 0, ...]``."""
        mask = self.core.machine.manager_mask()
        return mask if mask.any() else np.eye(len(mask), dtype=np.int8)[0]

    def reset(self, *, seed: int | None = None, options: dict | None = None) -> tuple[Any, dict]:
        obs, info = self.env.reset(seed=seed, options=options)
        if seed is not None:
            self._rng, _ = gym.utils.seeding.np_random(seed + 1)
        info["option"] = _option(-1, 0, 0.0, 0.0, 1.0, "", 0.0, 0.0)
        return obs, info

    def step(self, action: Any) -> tuple[Any, float, bool, bool, dict]:
        obs, reward, terminated, truncated, info = self.env.step(action)
        part = info["selected"]
        rewards, managers, workers = [reward], [info["manager_reward"]], [info["worker_reward"]]
        while not (terminated or truncated) and info["level"] == WORKER:
            obs, reward, terminated, truncated, info = self.env.step(self.worker_policy(obs, info))
            rewards.append(reward)
            managers.append(info["manager_reward"])
            workers.append(info["worker_reward"])
        tau = len(rewards)
        discounts = self.gamma ** np.arange(tau)
        termination = info["termination"] or ("episode_end" if terminated or truncated else "")
        info["option"] = _option(part, tau, float(np.dot(discounts, rewards)), float(np.sum(rewards)),
                                 self.gamma ** tau, termination, float(np.dot(discounts, managers)),
                                 float(np.dot(discounts, workers)))
        return obs, info["option"]["discounted_return"], terminated, truncated, info


def _option(part: int, tau: int, discounted: float, undiscounted: float, discount: float, termination: str,
            manager: float, worker: float) -> dict:
    return {"part": int(part), "tau": int(tau), "discounted_return": discounted, "undiscounted_return": undiscounted,
            "discount": float(discount), "termination": termination, "manager_return": manager,
            "worker_return": worker}


class WorkerWrapper(gym.Wrapper, gym.utils.RecordConstructorArgs):
    """The worker alone: ``manager_policy`` plays the manager's turns; the reward is the worker's."""

    def __init__(self, env: gym.Env, manager_policy: Policy | str = "oracle") -> None:
        gym.utils.RecordConstructorArgs.__init__(self, manager_policy=manager_policy)
        gym.Wrapper.__init__(self, env)
        self.core = _core(env)
        self._rng = np.random.default_rng()
        self.manager_policy = make_policy(manager_policy, self.core, lambda: self._rng)
        if isinstance(self.core, DecomposeMenuEnv):
            self.action_space = spaces.Discrete(1 + self.core.menu_size)

    def action_masks(self) -> np.ndarray:
        """The worker's valid actions: ``[yield, entry 0, ...]``."""
        if isinstance(self.core, DecomposeMenuEnv):
            return self.core.action_masks()[: 1 + self.core.menu_size]
        return np.ones(1, dtype=np.int8)

    def _to_worker(self, obs: Any, info: dict, terminated: bool, truncated: bool):
        """Play the manager's turns until the worker is to act; the worker's rewards on those
        turns (its settlement when the episode ends) are added to the step's, term by term,
        so ``info["worker_reward"] == reward == sum(info["worker_terms"].values())``."""
        turns = 0
        reward, terms = float(info["worker_reward"]), dict(info["worker_terms"])
        while not (terminated or truncated) and info["level"] == MANAGER:
            turns += 1
            if turns > MAX_MANAGER_TURNS:
                raise ConfigError(f"the manager policy took {MAX_MANAGER_TURNS} turns without starting an option")
            obs, _, terminated, truncated, info = self.env.step(self.manager_policy(obs, info))
            reward += info["worker_reward"]
            terms = {k: terms.get(k, 0.0) + v for k, v in info["worker_terms"].items()}
        info["worker_reward"], info["worker_terms"] = reward, terms
        return obs, reward, terminated, truncated, info

    def reset(self, *, seed: int | None = None, options: dict | None = None) -> tuple[Any, dict]:
        obs, info = self.env.reset(seed=seed, options=options)
        if seed is not None:
            self._rng, _ = gym.utils.seeding.np_random(seed + 2)
        for _ in range(100):
            obs, _, terminated, truncated, info = self._to_worker(obs, info, False, False)
            if not (terminated or truncated):
                return obs, info
            obs, info = self.env.reset(options=options)
        raise ConfigError("the manager policy ended 100 episodes in a row before the worker acted; "
                          "use a manager policy that selects a part")

    def step(self, action: Any) -> tuple[Any, float, bool, bool, dict]:
        obs, _, terminated, truncated, info = self.env.step(action)
        return self._to_worker(obs, info, terminated, truncated)

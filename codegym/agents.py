"""Reference agents for ``codegym run``: ``random``, ``oracle``, ``submit``, or ``MODULE:CALLABLE``.

``submit`` is the cheapest policy of a repair env: submit the program as it was given,
at the first step. It earns whatever the unrepaired program scores; a trained agent
that only matches it has learned to refuse to act, not to repair.

A policy is a callable ``policy(obs, info) -> action``. ``MODULE:CALLABLE`` names a
factory called with the env that returns such a policy.

Example:
    >>> import gymnasium as gym, codegym
    >>> env = gym.make("codegym/CodeGen-v4")  # doctest: +SKIP
    >>> policy = make_agent("oracle", env)  # doctest: +SKIP
"""

from __future__ import annotations

import importlib
from typing import Any, Callable

import gymnasium as gym
import numpy as np

from codegym.errors import ConfigError

Policy = Callable[[Any, dict], Any]


def random_agent(env: gym.Env) -> Policy:
    """Uniform over the action space (over the allowed actions when a mask is given).

    Seeded from the env's episode seed: the action space is reseeded whenever the env's
    ``np_random_seed`` changes (each ``reset(seed=...)``), so ``codegym run --seed 5``
    replays the same episodes.
    """
    space = env.action_space
    core = env.unwrapped
    seen: dict[str, Any] = {"seed": None}

    def policy(obs: Any, info: dict) -> Any:
        seed = getattr(core, "np_random_seed", None)
        if seed is not None and seed != seen["seed"]:
            seen["seed"] = seed
            space.seed(int(seed) % (2**32))
        mask = info.get("action_mask")
        if mask is not None and isinstance(space, gym.spaces.Discrete):
            return space.sample(mask=np.asarray(mask, dtype=np.int8))
        return space.sample()

    return policy


def oracle_agent(env: gym.Env) -> Policy:
    """The expert: ``env.unwrapped.oracle_action()`` at every step."""
    core = env.unwrapped
    oracle = getattr(core, "oracle_action", None)
    if not callable(oracle):
        raise ConfigError(f"no oracle for {type(core).__name__}; give it an oracle_action() method")
    return lambda obs, info: oracle()


def submit_agent(env: gym.Env) -> Policy:
    """Submit at once: ``env.unwrapped.submit_action()`` at every step (envs with a submit action)."""
    submit = getattr(env.unwrapped, "submit_action", None)
    if not callable(submit):
        raise ConfigError(f"no submit action for {type(env.unwrapped).__name__}; the submit agent needs an env "
                          f"with a submit_action() method (codegym/RepairMenu)")
    return lambda obs, info: submit()


def make_agent(spec: str, env: gym.Env) -> Policy:
    """A policy from ``random``, ``oracle``, ``submit`` or ``MODULE:CALLABLE`` (a factory taking the env)."""
    if spec == "random":
        return random_agent(env)
    if spec == "oracle":
        return oracle_agent(env)
    if spec == "submit":
        return submit_agent(env)
    if ":" not in spec:
        raise ConfigError(f"unknown agent {spec!r}; use random, oracle, submit, or MODULE:CALLABLE (a factory taking the env)")
    module_name, _, attr = spec.partition(":")
    try:
        factory = getattr(importlib.import_module(module_name), attr)
    except (ImportError, AttributeError) as exc:
        raise ConfigError(f"agent {spec!r} could not be loaded: {type(exc).__name__}: {exc}") from None
    policy = factory(env)
    if not callable(policy):
        raise ConfigError(f"agent factory {spec!r} returned {type(policy).__name__}, not a policy(obs, info) callable")
    return policy

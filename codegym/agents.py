"""Reference agents for ``codegym run``: ``random``, ``oracle``, or ``MODULE:CALLABLE``.

A policy is a callable ``policy(obs, info) -> action``. ``MODULE:CALLABLE`` names a
factory called with the env that returns such a policy.

Example:
    >>> import gymnasium as gym, codegym
    >>> env = gym.make("codegym/CodeGen-v1")  # doctest: +SKIP
    >>> policy = make_agent("oracle", env)  # doctest: +SKIP
"""

from __future__ import annotations

import importlib
import json
from typing import Any, Callable

import gymnasium as gym
import numpy as np

from codegym.errors import ConfigError

Policy = Callable[[Any, dict], Any]


def random_agent(env: gym.Env) -> Policy:
    """Uniform over the action space (over the allowed actions when a mask is given)."""
    space = env.action_space

    def policy(obs: Any, info: dict) -> Any:
        mask = info.get("action_mask")
        if mask is not None and isinstance(space, gym.spaces.Discrete):
            return space.sample(mask=np.asarray(mask, dtype=np.int8))
        return space.sample()

    return policy


def oracle_agent(env: gym.Env) -> Policy:
    """Plays the reference solution (or the restoring edits) of the current task."""
    core = env.unwrapped
    custom = getattr(core, "oracle_action", None)
    if callable(custom):
        return lambda obs, info: custom()
    menu = getattr(core, "oracle_actions", None)
    if callable(menu):  # RepairMenu: the first edit toward the reference, then submit
        return lambda obs, info: (menu() or [0])[0]
    from codegym.envs.codegen import CodeGenEnv

    if isinstance(core, CodeGenEnv):
        return lambda obs, info: core.task.reference[core.solution_path]
    if hasattr(core, "tools"):
        return _tool_oracle(core)
    raise ConfigError(f"no oracle for {type(core).__name__}; give it an oracle_action() method")


def _tool_oracle(core: Any) -> Policy:
    """Rewrites each solution file with the reference, then submits."""

    def policy(obs: Any, info: dict) -> str:
        for path in core.task.solution_paths:
            wanted = core.task.reference[path]
            if core.files.get(path) != wanted:
                if path in core.files:
                    lines = max(1, len(core.files[path].splitlines()))
                    return json.dumps({"tool": "replace_lines", "args": {"path": path, "start_line": 1,
                                                                          "end_line": lines, "text": wanted}})
                return json.dumps({"tool": "create_file", "args": {"path": path, "text": wanted}})
        return json.dumps({"tool": "submit", "args": {}})

    return policy


def make_agent(spec: str, env: gym.Env) -> Policy:
    """A policy from ``random``, ``oracle`` or ``MODULE:CALLABLE`` (a factory taking the env)."""
    if spec == "random":
        return random_agent(env)
    if spec == "oracle":
        return oracle_agent(env)
    if ":" not in spec:
        raise ConfigError(f"unknown agent {spec!r}; use random, oracle, or MODULE:CALLABLE (a factory taking the env)")
    module_name, _, attr = spec.partition(":")
    try:
        factory = getattr(importlib.import_module(module_name), attr)
    except (ImportError, AttributeError) as exc:
        raise ConfigError(f"agent {spec!r} could not be loaded: {type(exc).__name__}: {exc}") from None
    policy = factory(env)
    if not callable(policy):
        raise ConfigError(f"agent factory {spec!r} returned {type(policy).__name__}, not a policy(obs, info) callable")
    return policy

"""Agents for evaluation: ``random``, ``oracle``, ``submit``, ``MODULE:CALLABLE`` and checkpoints ``ppo:PATH`` / ``dqn:PATH``.

Checkpoints act greedily (``policy_mode="deterministic"``) and only over valid actions.

Example:
    >>> import gymnasium as gym
    >>> agent = make_eval_agent("random", gym.make("CartPole-v1"))
    >>> agent.name, agent.policy_mode
    ('random', 'stochastic')
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Callable

import gymnasium as gym
import numpy as np

from codegym.errors import ConfigError
from codegym.evaluation.checkpoints import dqn_network, masked_argmax, read_meta
from codegym.evaluation.masks import action_mask
from codegym.evaluation.provenance import sha256_file

Policy = Callable[[Any, dict], Any]
CHECKPOINT_KINDS = ("ppo", "dqn")


@dataclass
class EvalAgent:
    """A policy with what a results file records about it."""

    name: str
    spec: str
    implementation: str
    policy: Policy
    policy_mode: str
    checkpoint_sha256: str | None = None
    meta: dict = field(default_factory=dict)


def _checkpoint(spec: str) -> tuple[str, Path] | None:
    kind, sep, rest = spec.partition(":")
    if sep and kind in CHECKPOINT_KINDS:
        path = Path(rest)
        if not path.is_file():
            raise ConfigError(f"agent {spec!r}: checkpoint {rest!r} is not a file; give the path that training wrote "
                              f"(e.g. ppo:runs/ppo_s0/model.zip or dqn:runs/dqn_s0/model.pt)")
        return kind, path
    return None


def _ppo_policy(path: Path, env: gym.Env) -> Policy:
    try:
        from sb3_contrib import MaskablePPO
    except ImportError:
        raise ConfigError("agent ppo:PATH needs sb3-contrib; install codegym[rl]") from None
    try:
        model = MaskablePPO.load(str(path), device="cpu")
    except Exception as exc:  # a corrupt or foreign zip: say which file
        raise ConfigError(f"{path}: not a MaskablePPO checkpoint ({type(exc).__name__}: {exc})") from None
    if model.action_space != env.action_space:
        raise ConfigError(f"{path}: trained for action space {model.action_space}, the env has {env.action_space}")

    def policy(obs: Any, info: dict) -> int:
        action, _ = model.predict(obs, action_masks=action_mask(env, info), deterministic=True)
        return int(np.asarray(action).reshape(-1)[0])

    return policy


def _dqn_policy(path: Path, env: gym.Env) -> Policy:
    try:
        import torch
    except ImportError:
        raise ConfigError("agent dqn:PATH needs torch; install codegym[rl]") from None
    try:
        saved = torch.load(str(path), map_location="cpu", weights_only=True)
        net = dqn_network(saved)
        net.load_state_dict(saved["q_network"])
    except Exception as exc:
        raise ConfigError(f"{path}: not a baselines/dqn.py checkpoint ({type(exc).__name__}: {exc})") from None
    space = env.observation_space
    if int(gym.spaces.flatdim(space)) != int(saved["obs_dim"]) or int(env.action_space.n) != int(saved["n_actions"]):
        raise ConfigError(f"{path}: trained for {saved['obs_dim']} observation features and {saved['n_actions']} "
                          f"actions; the env has {gym.spaces.flatdim(space)} and {env.action_space.n}")
    net.eval()

    def policy(obs: Any, info: dict) -> int:
        flat = torch.as_tensor(gym.spaces.flatten(space, obs), dtype=torch.float32).unsqueeze(0)
        mask = torch.as_tensor(action_mask(env, info)).unsqueeze(0)
        with torch.no_grad():
            return int(masked_argmax(net(flat), mask)[0])

    return policy


def make_eval_agent(spec: str, env: gym.Env, name: str | None = None) -> EvalAgent:
    """The agent for ``spec``; a bad spec raises :class:`ConfigError` saying which forms are accepted."""
    if not isinstance(spec, str) or not spec:
        raise ConfigError(f"agent spec must be a non-empty string, got {spec!r}")
    found = _checkpoint(spec)
    if found:
        kind, path = found
        meta = read_meta(path)
        policy = _ppo_policy(path, env) if kind == "ppo" else _dqn_policy(path, env)
        impl = "sb3_contrib.MaskablePPO (baselines/ppo.py)" if kind == "ppo" else "baselines/dqn.py (masked DQN)"
        return EvalAgent(name or kind, spec, impl, policy, "deterministic", sha256_file(path), meta)
    from codegym.agents import make_agent

    policy = make_agent(spec, env)
    if spec == "random":
        return EvalAgent(name or "random", spec, "codegym.agents:random_agent (masked uniform)", policy, "stochastic")
    if spec == "oracle":
        return EvalAgent(name or "oracle", spec, "codegym.agents:oracle_agent", policy, "deterministic")
    if spec == "submit":
        return EvalAgent(name or "submit", spec, "codegym.agents:submit_agent (submit at once)", policy, "deterministic")
    return EvalAgent(name or spec.partition(":")[2] or spec, spec, spec, policy, "user")

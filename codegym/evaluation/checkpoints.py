"""Checkpoint sidecars and the masked Q-network shared by ``baselines/dqn.py`` and the evaluator.

A training run writes ``model.zip`` (PPO) or ``model.pt`` (DQN) and, beside it,
``<name>.meta.json``: algorithm, env id and kwargs, hyperparameters, training seed,
steps, wall time, SPS (env-only and overall), device and the learning curve.

Example:
    >>> meta_path("runs/ppo/model.zip").name
    'model.zip.meta.json'
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any, Sequence

import numpy as np

from codegym.errors import ConfigError

#: Keep at most this many learning-curve points in a meta or results file.
MAX_CURVE_POINTS = 400


def meta_path(checkpoint: str | Path) -> Path:
    """The sidecar file of a checkpoint."""
    checkpoint = Path(checkpoint)
    return checkpoint.with_name(checkpoint.name + ".meta.json")


def write_meta(checkpoint: str | Path, meta: dict[str, Any]) -> Path:
    """Write the sidecar of ``checkpoint``; return its path."""
    path = meta_path(checkpoint)
    path.write_text(json.dumps(meta, indent=2, sort_keys=True, default=str) + "\n", encoding="utf-8")
    return path


def read_meta(checkpoint: str | Path) -> dict[str, Any]:
    """The sidecar of ``checkpoint`` (``{}`` when there is none: a bare checkpoint still evaluates)."""
    path = meta_path(checkpoint)
    if not path.exists():
        return {}
    try:
        meta = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, json.JSONDecodeError) as exc:
        raise ConfigError(f"{path}: unreadable checkpoint metadata ({exc}); delete it or re-train") from None
    return meta if isinstance(meta, dict) else {}


def thin_curve(points: Sequence[Sequence[float]], limit: int = MAX_CURVE_POINTS) -> list[list[float]]:
    """At most ``limit`` evenly spaced points of a curve, the last one kept.

    Example:
        >>> thin_curve([[i, i] for i in range(10)], limit=3)
        [[0, 0], [4, 4], [9, 9]]
    """
    points = [list(p) for p in points]
    if len(points) <= limit:
        return points
    idx = np.linspace(0, len(points) - 1, limit).round().astype(int)
    return [points[i] for i in sorted(set(idx.tolist()))]


def q_network(obs_dim: int, n_actions: int, net_arch: Sequence[int]) -> "Any":
    """The MLP Q-network of ``baselines/dqn.py``: Linear+ReLU per hidden layer, then one Q value per action."""
    from torch import nn

    layers: list[nn.Module] = []
    last = int(obs_dim)
    for width in net_arch:
        layers += [nn.Linear(last, int(width)), nn.ReLU()]
        last = int(width)
    layers.append(nn.Linear(last, int(n_actions)))
    return nn.Sequential(*layers)


def dqn_network(spec: dict[str, Any]) -> "Any":
    """The Q-network a ``baselines/dqn.py`` checkpoint describes: ``network`` "mlp" (the default) or "menu".

    ``spec`` holds ``obs_dim``, ``n_actions`` and ``net_arch`` (mlp), or ``layout`` and
    ``menu_hidden`` (menu: :class:`~codegym.evaluation.menu_networks.MenuQNetwork`).

    Example:
        >>> dqn_network({"obs_dim": 4, "n_actions": 2, "net_arch": [8]})[0].in_features
        4
    """
    network = spec.get("network", "mlp")
    if network == "menu":
        from codegym.evaluation.menu_networks import MenuQNetwork

        return MenuQNetwork(spec["layout"], hidden=int(spec["menu_hidden"]))
    if network != "mlp":
        raise ConfigError(f"unknown DQN network {network!r}: mlp or menu")
    return q_network(spec["obs_dim"], spec["n_actions"], spec["net_arch"])


def masked_argmax(q_values: Any, mask: Any) -> Any:
    """Argmax over the valid actions only (rows: batch). A row with no valid action falls back to all.

    Example:
        >>> import torch
        >>> masked_argmax(torch.tensor([[5.0, 1.0, 0.0]]), torch.tensor([[0, 1, 1]])).tolist()
        [1]
    """
    import torch

    valid = mask.bool()
    valid = torch.where(valid.any(dim=-1, keepdim=True), valid, torch.ones_like(valid))
    return q_values.masked_fill(~valid, float("-inf")).argmax(dim=-1)


def masked_max(q_values: Any, mask: Any) -> Any:
    """Max over the valid actions only (rows with no valid action use every action)."""
    import torch

    valid = mask.bool()
    valid = torch.where(valid.any(dim=-1, keepdim=True), valid, torch.ones_like(valid))
    return q_values.masked_fill(~valid, float("-inf")).max(dim=-1).values

"""Networks that score a menu entry by entry: one shared scorer per row, so a slot has no fixed meaning.

``codegym/RepairMenu`` shuffles its menu every step: slot 7 is a different edit each time.
A plain MLP over the flattened observation must learn the same rule 32 times, once per
slot, from the few transitions where each slot held a good edit. These networks instead
score every row of ``obs["candidates"]`` with the *same* weights (the row's features plus
the shared context: ``obs["tests"]`` and ``obs["step"]``), and score submit (action 0) and
the state's value from the context and a pooled summary of the rows. Permuting the rows
permutes the scores the same way (tested in ``tests/evaluation/test_menu_networks.py``).

* :class:`MenuScorer` — the torch core: ``(candidates, context) -> (scores, summary)``.
* :class:`MenuQNetwork` — Q-values from a *flat* observation (``baselines/dqn.py``).
* :mod:`codegym.evaluation.menu_policy` — the same scorer as sb3-contrib's MaskablePPO
  policy (``baselines/ppo.py --policy menu``): the row scores are the action logits.

Example:
    >>> import torch
    >>> scorer = MenuScorer(n_features=4, n_context=3, hidden=8)
    >>> scores, summary = scorer(torch.zeros(2, 5, 4), torch.zeros(2, 3))
    >>> tuple(scores.shape), tuple(summary.shape)  # submit + 5 rows, and an 8-wide summary
    ((2, 6), (2, 8))
"""

from __future__ import annotations

from typing import Any

import gymnasium as gym
import torch
from torch import nn

from codegym.errors import ConfigError

#: The observation keys a menu network reads (RepairMenu's observation space).
MENU_KEYS = ("candidates", "tests", "step")


def is_menu_space(space: gym.spaces.Space) -> bool:
    """Whether ``space`` is a menu observation (what :func:`menu_layout` accepts).

    Example:
        >>> is_menu_space(gym.spaces.Box(0, 1, (4,)))
        False
    """
    try:
        menu_layout(space)
    except ConfigError:
        return False
    return True


def menu_layout(space: gym.spaces.Space) -> dict[str, tuple[int, tuple[int, ...]]]:
    """Where each key lies in ``gym.spaces.flatten(space, obs)``: ``{key: (offset, shape)}``.

    Raises :class:`ConfigError` when ``space`` is not a menu observation (a ``Dict`` with
    ``candidates`` of shape ``(rows, features)``, ``tests`` and ``step``).
    """
    if not isinstance(space, gym.spaces.Dict) or not all(k in space.spaces for k in MENU_KEYS):
        raise ConfigError(f"a menu network needs a Dict observation with keys {MENU_KEYS} "
                          f"(codegym/RepairMenu); got {space}; use the mlp network instead")
    layout, offset = {}, 0
    for key, sub in space.spaces.items():
        layout[key] = (offset, tuple(int(d) for d in sub.shape))
        offset += int(gym.spaces.flatdim(sub))
    if len(layout["candidates"][1]) != 2:
        raise ConfigError(f"obs['candidates'] must be (rows, features), got shape {layout['candidates'][1]}")
    return layout


def _mlp(inputs: int, hidden: int, layers: int) -> nn.Sequential:
    parts: list[nn.Module] = []
    for _ in range(max(1, layers)):
        parts += [nn.Linear(inputs, hidden), nn.ReLU()]
        inputs = hidden
    return nn.Sequential(*parts)


class MenuScorer(nn.Module):
    """Score each menu row with shared weights; score submit from the context and the pooled rows.

    ``forward(candidates (B, N, F), context (B, C))`` returns ``scores (B, N + 1)`` (index 0
    is submit, ``i + 1`` is row ``i``) and ``summary (B, hidden)`` (for a value head).
    Padding rows (all-zero features) are left out of the pooling.
    """

    def __init__(self, n_features: int, n_context: int, hidden: int = 64, layers: int = 2) -> None:
        super().__init__()
        self.n_features, self.n_context, self.hidden = int(n_features), int(n_context), int(hidden)
        self.rows = _mlp(self.n_features + self.n_context, self.hidden, layers)
        self.row_score = nn.Linear(self.hidden, 1)
        self.summary = _mlp(self.n_context + 2 * self.hidden, self.hidden, layers)
        self.submit_score = nn.Linear(self.hidden, 1)
        for head in (self.row_score, self.submit_score):  # near-uniform logits at the start
            nn.init.normal_(head.weight, std=0.01)
            nn.init.zeros_(head.bias)

    @classmethod
    def for_layout(cls, layout: dict[str, tuple[int, tuple[int, ...]]], hidden: int = 64,
                   layers: int = 2) -> "MenuScorer":
        """The scorer for a :func:`menu_layout`: row features from ``candidates``, context from ``tests`` + ``step``."""
        n_context = sum(int(torch.Size(layout[k][1]).numel()) for k in ("tests", "step"))
        return cls(layout["candidates"][1][1], n_context, hidden, layers)

    def forward(self, candidates: torch.Tensor, context: torch.Tensor) -> tuple[torch.Tensor, torch.Tensor]:
        batch, rows, _ = candidates.shape
        shared = context.unsqueeze(1).expand(batch, rows, context.shape[-1])
        hidden = self.rows(torch.cat([candidates, shared], dim=-1))
        present = (candidates.abs().sum(dim=-1, keepdim=True) > 0).to(hidden.dtype)
        count = present.sum(dim=1).clamp(min=1.0)
        mean = (hidden * present).sum(dim=1) / count
        top = (hidden * present - (1.0 - present) * 1e4).max(dim=1).values.clamp(min=0.0)
        summary = self.summary(torch.cat([context, mean, top], dim=-1))
        scores = torch.cat([self.submit_score(summary), self.row_score(hidden).squeeze(-1)], dim=-1)
        return scores, summary


def context_of(parts: dict[str, torch.Tensor]) -> torch.Tensor:
    """The shared context of every row: ``tests`` and ``step``, flattened and joined."""
    batch = parts["candidates"].shape[0]
    return torch.cat([parts["tests"].reshape(batch, -1), parts["step"].reshape(batch, -1)], dim=-1)


class MenuQNetwork(nn.Module):
    """Q-values ``(B, rows + 1)`` from flat observations (``gym.spaces.flatten`` of a menu observation).

    Example:
        >>> import gymnasium as gym, numpy as np
        >>> space = gym.spaces.Dict({"candidates": gym.spaces.Box(0, 1, (3, 2)), "mask": gym.spaces.MultiBinary(4),
        ...                          "step": gym.spaces.Box(0, 1, (1,)), "tests": gym.spaces.Box(0, 1, (2,))})
        >>> net = MenuQNetwork(menu_layout(space), hidden=8)
        >>> tuple(net(torch.zeros(5, gym.spaces.flatdim(space))).shape)
        (5, 4)
    """

    def __init__(self, layout: dict[str, Any], hidden: int = 64, layers: int = 2) -> None:
        super().__init__()
        self.layout = {k: (int(v[0]), tuple(int(d) for d in v[1])) for k, v in layout.items()}
        self.scorer = MenuScorer.for_layout(self.layout, hidden, layers)

    def split(self, flat: torch.Tensor) -> dict[str, torch.Tensor]:
        """The menu keys of a flat batch, reshaped."""
        parts = {}
        for key in MENU_KEYS:
            offset, shape = self.layout[key]
            size = int(torch.Size(shape).numel())
            parts[key] = flat[:, offset:offset + size].reshape(flat.shape[0], *shape)
        return parts

    def forward(self, flat: torch.Tensor) -> torch.Tensor:
        parts = self.split(flat)
        scores, _ = self.scorer(parts["candidates"], context_of(parts))
        return scores


__all__ = ["MENU_KEYS", "MenuQNetwork", "MenuScorer", "context_of", "is_menu_space", "menu_layout"]

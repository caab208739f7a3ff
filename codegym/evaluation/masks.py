"""The valid-action mask of any env: ``info["action_mask"]``, ``action_masks()``, or all ones.

Example:
    >>> import gymnasium as gym
    >>> env = gym.make("CartPole-v1")
    >>> action_mask(env, {}).tolist()
    [1, 1]
"""

from __future__ import annotations

from typing import Any

import gymnasium as gym
import numpy as np


def action_mask(env: gym.Env, info: dict | None = None) -> np.ndarray:
    """int8 mask over a ``Discrete`` action space (all ones when the env has no masks)."""
    n = int(env.action_space.n)
    mask: Any = (info or {}).get("action_mask")
    if mask is None:
        getter = getattr(env.unwrapped, "action_masks", None)
        mask = getter() if callable(getter) else None
    if mask is None:
        return np.ones(n, dtype=np.int8)
    mask = np.asarray(mask, dtype=np.int8).reshape(-1)
    if mask.shape != (n,):
        return np.ones(n, dtype=np.int8)
    return mask

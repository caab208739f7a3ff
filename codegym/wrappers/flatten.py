"""RepairMenu-v4's ``Dict`` observation as one flat float32 ``Box`` (for ``MlpPolicy``).

Example:
    >>> import gymnasium as gym, codegym
    >>> from codegym.wrappers import FlattenMenuObservation
    >>> env = FlattenMenuObservation(gym.make("codegym/RepairMenu-v4"))  # doctest: +SKIP
    >>> obs, info = env.reset(seed=0)  # doctest: +SKIP
    >>> obs.shape == env.observation_space.shape, env.action_masks().shape  # doctest: +SKIP
    (True, (33,))
    >>> from stable_baselines3 import DQN  # doctest: +SKIP
    >>> DQN("MlpPolicy", env).learn(10_000)  # doctest: +SKIP
"""

from __future__ import annotations

from typing import Any

import gymnasium as gym
import numpy as np
from gymnasium import spaces

from codegym.errors import ConfigError


class FlattenMenuObservation(gym.ObservationWrapper):
    """Concatenate the fields of a one-level ``Dict`` of ``Box``/``MultiBinary``/``Discrete`` spaces.

    Fields keep the order of the observation space (``layout`` says where each one
    lands); ``Discrete`` fields become one-hot. ``action_masks()`` is passed through,
    so MaskablePPO works on the wrapped env.
    """

    def __init__(self, env: gym.Env) -> None:
        super().__init__(env)
        space = env.observation_space
        if not isinstance(space, spaces.Dict):
            raise ConfigError(f"FlattenMenuObservation needs a Dict observation space, got {type(space).__name__}")
        lows, highs = [], []
        #: ``(key, start, stop)`` of each field in the flat vector.
        self.layout: list[tuple[str, int, int]] = []
        offset = 0
        for key, sub in space.spaces.items():
            if isinstance(sub, spaces.Box):
                low, high = np.asarray(sub.low, np.float64).ravel(), np.asarray(sub.high, np.float64).ravel()
            elif isinstance(sub, spaces.MultiBinary):
                size = int(np.prod(sub.shape))
                low, high = np.zeros(size), np.ones(size)
            elif isinstance(sub, spaces.Discrete):
                low, high = np.zeros(int(sub.n)), np.ones(int(sub.n))
            else:
                raise ConfigError(f"field {key!r}: FlattenMenuObservation handles Box, MultiBinary and Discrete, "
                                  f"not {type(sub).__name__}")
            lows.append(low)
            highs.append(high)
            self.layout.append((key, offset, offset + low.size))
            offset += low.size
        self._fields = list(space.spaces.items())
        self.observation_space = spaces.Box(np.concatenate(lows).astype(np.float32),
                                            np.concatenate(highs).astype(np.float32), dtype=np.float32)

    def observation(self, observation: Any) -> np.ndarray:
        parts = []
        for (key, sub), (_, start, stop) in zip(self._fields, self.layout):
            value = observation.get(key) if isinstance(observation, dict) else None
            if isinstance(sub, spaces.Discrete):
                part = np.zeros(stop - start, dtype=np.float32)
                if value is not None and 0 <= int(value) - int(sub.start) < sub.n:
                    part[int(value) - int(sub.start)] = 1.0
            elif value is None:
                part = np.zeros(stop - start, dtype=np.float32)
            else:
                part = np.asarray(value, dtype=np.float32).ravel()
            parts.append(part)
        return np.concatenate(parts).astype(np.float32)

    def action_masks(self) -> np.ndarray:
        """The wrapped env's action mask (what sb3-contrib's MaskablePPO reads)."""
        return self.env.get_wrapper_attr("action_masks")()

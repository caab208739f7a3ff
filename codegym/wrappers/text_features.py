"""Text observations as fixed-size numbers: hashed character n-grams and tokens per text field.

Example:
    >>> import gymnasium as gym, codegym
    >>> from codegym.wrappers import TextFeatureObservation
    >>> env = TextFeatureObservation(gym.make("codegym/CodeGen-v4", tasks="builtin"), dim=128)  # doctest: +SKIP
    >>> obs, info = env.reset(seed=0)  # doctest: +SKIP
    >>> obs.shape, obs.dtype  # 3 text fields x 128 + 2 counters  # doctest: +SKIP
    ((386,), dtype('float32'))
"""

from __future__ import annotations

import re
import zlib
from typing import Any, Sequence

import gymnasium as gym
import numpy as np
from gymnasium import spaces

from codegym.errors import ConfigError

_WORD = re.compile(r"[A-Za-z_][A-Za-z0-9_]*|\d+|[^\w\s]{1,3}")
_PRIME = np.uint64(1099511628211)
_SEED = np.uint64(14695981039346656037)


def hashed_counts(text: str, dim: int = 256, ngram: int = 3) -> np.ndarray:
    """``(dim,)`` float32 features of ``text``: character ``ngram`` counts in the first half of the
    buckets, word/operator token counts in the second, each hashed (stable across processes),
    ``log1p``-scaled and L2-normalised (values in [0, 1]; all zeros for empty text).

    Example:
        >>> v = hashed_counts("def add(a, b): return a + b", dim=64)
        >>> v.shape, float(round(np.linalg.norm(v), 4))
        ((64,), 1.0)
        >>> bool(np.array_equal(v, hashed_counts("def add(a, b): return a + b", dim=64)))
        True
    """
    if isinstance(dim, bool) or not isinstance(dim, (int, np.integer)) or dim < 2:
        raise ConfigError(f"dim must be an int >= 2, got {dim!r}")
    if isinstance(ngram, bool) or not isinstance(ngram, (int, np.integer)) or ngram < 1:
        raise ConfigError(f"ngram must be an int >= 1, got {ngram!r}")
    counts = np.zeros(dim, dtype=np.float64)
    if not isinstance(text, str) or not text:
        return counts.astype(np.float32)
    half = dim // 2
    data = np.frombuffer(text.encode("utf-8", "replace"), dtype=np.uint8).astype(np.uint64)
    if data.size >= ngram:
        width = data.size - ngram + 1
        h = np.full(width, _SEED, dtype=np.uint64)
        with np.errstate(over="ignore"):
            for j in range(ngram):
                h = (h ^ data[j : j + width]) * _PRIME
        buckets = ((h ^ (h >> np.uint64(29))) % np.uint64(half)).astype(np.int64)
        counts[:half] += np.bincount(buckets, minlength=half)[:half]
    tokens = _WORD.findall(text)
    if tokens:
        rest = dim - half
        buckets = np.fromiter((zlib.crc32(t.encode("utf-8", "replace")) % rest for t in tokens), dtype=np.int64,
                              count=len(tokens))
        counts[half:] += np.bincount(buckets, minlength=rest)[:rest]
    scaled = np.log1p(counts)
    norm = np.linalg.norm(scaled)
    return (scaled / norm if norm > 0 else scaled).astype(np.float32)


class TextFeatureObservation(gym.ObservationWrapper):
    """Flatten a ``Dict`` of ``Text`` and numeric spaces into one float32 ``Box``.

    Each ``Text`` field becomes ``dim`` hashed n-gram/token features
    (:func:`hashed_counts`); a non-negative integer ``Box`` (a counter such as
    ``tests_passed``) becomes ``log1p(value)``; another ``Box`` is flattened as is; a
    ``Discrete`` field is one-hot; ``MultiBinary``/``MultiDiscrete`` are flattened as
    numbers. Fields keep the order of the observation space; ``fields`` picks a subset
    (by key). A lone ``Text`` observation space works too.

    Example:
        >>> import gymnasium as gym, codegym
        >>> env = TextFeatureObservation(gym.make("codegym/CodeGen-v4", tasks="builtin"), dim=64)  # doctest: +SKIP
        >>> env.observation_space  # doctest: +SKIP
        Box(0.0, 13.815511, (194,), float32)
        >>> env.layout[0]  # doctest: +SKIP
        ('feedback', 'text', 0, 64)
    """

    def __init__(self, env: gym.Env, dim: int = 256, ngram: int = 3, fields: Sequence[str] | None = None) -> None:
        super().__init__(env)
        hashed_counts("", dim, ngram)  # validates dim and ngram
        self.dim, self.ngram = int(dim), int(ngram)
        source = env.observation_space
        if isinstance(source, spaces.Dict):
            items = list(source.spaces.items())
            if fields is not None:
                unknown = sorted(set(fields) - set(source.spaces))
                if unknown:
                    raise ConfigError(f"fields {unknown} are not in the observation space; it has {list(source.spaces)}")
                items = [(key, sub) for key, sub in items if key in set(fields)]
        else:
            items = [(None, source)]
        lows: list[np.ndarray] = []
        highs: list[np.ndarray] = []
        self._plan: list[tuple[Any, str, spaces.Space]] = []
        #: ``(key, kind, start, stop)`` of each field in the flat vector.
        self.layout: list[tuple[Any, str, int, int]] = []
        offset = 0
        for key, sub in items:
            kind, low, high = self._describe(key, sub)
            self._plan.append((key, kind, sub))
            self.layout.append((key, kind, offset, offset + low.size))
            offset += low.size
            lows.append(low)
            highs.append(high)
        if offset == 0:
            raise ConfigError("the observation space has no field to turn into features")
        self.observation_space = spaces.Box(np.concatenate(lows).astype(np.float32), np.concatenate(highs).astype(np.float32),
                                            dtype=np.float32)

    def _describe(self, key: Any, sub: spaces.Space) -> tuple[str, np.ndarray, np.ndarray]:
        if isinstance(sub, spaces.Text):
            return "text", np.zeros(self.dim), np.ones(self.dim)
        if isinstance(sub, spaces.Box):
            low, high = np.asarray(sub.low, dtype=np.float64).ravel(), np.asarray(sub.high, dtype=np.float64).ravel()
            if np.issubdtype(sub.dtype, np.integer) and np.all(low >= 0):
                return "count", np.log1p(low), np.log1p(high)
            return "box", low, high
        if isinstance(sub, spaces.Discrete):
            return "discrete", np.zeros(int(sub.n)), np.ones(int(sub.n))
        if isinstance(sub, spaces.MultiBinary):
            size = int(np.prod(sub.shape))
            return "multibinary", np.zeros(size), np.ones(size)
        if isinstance(sub, spaces.MultiDiscrete):
            nvec = np.asarray(sub.nvec, dtype=np.float64).ravel()
            return "multidiscrete", np.zeros(nvec.size), nvec - 1
        raise ConfigError(f"observation field {key!r}: cannot turn {type(sub).__name__} into features; "
                          "supported: Text, Box, Discrete, MultiBinary, MultiDiscrete (pass fields= to skip it)")

    def observation(self, observation: Any) -> np.ndarray:
        parts = []
        for (key, kind, sub), (_, _, start, stop) in zip(self._plan, self.layout):
            value = observation.get(key) if key is not None and isinstance(observation, dict) else observation
            if kind == "text":
                parts.append(hashed_counts(value if isinstance(value, str) else "", self.dim, self.ngram))
            elif kind == "discrete":
                onehot = np.zeros(int(sub.n), dtype=np.float32)
                index = int(np.asarray(value).reshape(-1)[0]) - int(sub.start) if value is not None else -1
                if 0 <= index < sub.n:
                    onehot[index] = 1.0
                parts.append(onehot)
            else:
                array = np.zeros(stop - start) if value is None else np.asarray(value, dtype=np.float64).ravel()
                if kind == "count":
                    array = np.log1p(np.maximum(array, 0))
                parts.append(array.astype(np.float32))
        flat = np.concatenate(parts).astype(np.float32)
        return np.clip(flat, self.observation_space.low, self.observation_space.high)

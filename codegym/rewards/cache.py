"""One bounded LRU cache, keyed by content hash, for expensive code analyses.

Reward plugins run radon, bandit and tree-sitter on the same files step after step;
the agent usually changes one file at a time, so most analyses repeat. Results are
kept under ``(kind, sha256(source))``: re-scoring unchanged code costs a hash and a
dict look-up. ``kind`` names the analysis *and* every option that changes its result;
build it with :func:`kind` (``kind("bandit", skip=["B101"])``) so that options are framed:
joining them by hand (``"bandit:skip=" + ",".join(ids)``) lets two different option sets
(``["B101,B102"]`` and ``["B101", "B102"]``) share one kind and one another's results.
Cached values are shared: store immutable values (tuples, frozen dataclasses,
MappingProxyType) and never mutate what you get back.

Example:
    >>> from codegym.rewards import cache
    >>> cache.clear()
    >>> cache.cached("length", "x = 1\\n", len)
    6
    >>> cache.cached("length", "x = 1\\n", len)
    6
    >>> cache.stats()["kinds"]["length"]
    {'hits': 1, 'misses': 1}
"""

from __future__ import annotations

import hashlib
import json
import threading
from collections import OrderedDict
from typing import Callable, TypeVar

from codegym.errors import ConfigError

T = TypeVar("T")

DEFAULT_MAXSIZE = 2048


def content_hash(source: str) -> str:
    """sha256 hex digest of ``source`` (UTF-8; unencodable characters escaped)."""
    return hashlib.sha256(source.encode("utf-8", "surrogatepass")).hexdigest()


def kind(name: str, **options: object) -> str:
    """A cache kind naming analysis ``name`` and the options that change its result, framed.

    The options follow the first ``:`` as canonical JSON (sorted keys, every string quoted),
    so different option sets never share a kind; ``name`` itself may not contain ``:``.

    Example:
        >>> kind("radon")
        'radon'
        >>> kind("bandit", skip=["B101", "B102"])
        'bandit:{"skip":["B101","B102"]}'
    """
    if not isinstance(name, str) or not name or ":" in name:
        raise ConfigError(f"cache kind name must be a non-empty str without ':', got {name!r}")
    if not options:
        return name
    try:
        framed = json.dumps(options, sort_keys=True, ensure_ascii=False, separators=(",", ":"), allow_nan=False)
    except (TypeError, ValueError) as exc:
        raise ConfigError(f"cache kind {name!r}: options must be plain JSON data ({exc})") from None
    return f"{name}:{framed}"


class AnalysisCache:
    """A thread-safe LRU of analysis results keyed by ``(kind, content hash)``.

    Counts hits and misses per kind; a miss is one real analysis call.
    """

    def __init__(self, maxsize: int = DEFAULT_MAXSIZE) -> None:
        self._lock = threading.Lock()
        self._data: OrderedDict[tuple[str, str], object] = OrderedDict()
        self._counts: dict[str, list[int]] = {}
        self._evictions = 0
        self.maxsize = self._check_maxsize(maxsize)

    @staticmethod
    def _check_maxsize(maxsize: object) -> int:
        if isinstance(maxsize, bool) or not isinstance(maxsize, int) or maxsize < 0:
            raise ConfigError(f"cache maxsize must be an int >= 0 (0 disables caching), got {maxsize!r}")
        return maxsize

    def get_or_compute(self, kind: str, source: str, compute: Callable[[str], T]) -> T:
        """The cached result of ``compute(source)`` for this ``kind``, computing it on a miss.

        Exceptions from ``compute`` propagate and nothing is cached.
        """
        key = (kind, content_hash(source))
        with self._lock:
            counts = self._counts.setdefault(kind, [0, 0])
            if key in self._data:
                self._data.move_to_end(key)
                counts[0] += 1
                return self._data[key]  # type: ignore[return-value]
            counts[1] += 1
        value = compute(source)  # outside the lock: analyses may take milliseconds
        with self._lock:
            if self.maxsize:
                self._data[key] = value
                self._data.move_to_end(key)
                while len(self._data) > self.maxsize:
                    self._data.popitem(last=False)
                    self._evictions += 1
        return value

    def resize(self, maxsize: int) -> None:
        """Change the bound (evicting the oldest entries if needed)."""
        maxsize = self._check_maxsize(maxsize)
        with self._lock:
            self.maxsize = maxsize
            while len(self._data) > maxsize:
                self._data.popitem(last=False)
                self._evictions += 1

    def clear(self) -> None:
        """Drop every entry and reset the counters."""
        with self._lock:
            self._data.clear()
            self._counts.clear()
            self._evictions = 0

    def stats(self) -> dict:
        """``{"size", "maxsize", "hits", "misses", "evictions", "kinds": {kind: {"hits", "misses"}}}``."""
        with self._lock:
            kinds = {kind: {"hits": c[0], "misses": c[1]} for kind, c in sorted(self._counts.items())}
            return {
                "size": len(self._data),
                "maxsize": self.maxsize,
                "hits": sum(c[0] for c in self._counts.values()),
                "misses": sum(c[1] for c in self._counts.values()),
                "evictions": self._evictions,
                "kinds": kinds,
            }


#: The cache every reward plugin shares.
CACHE = AnalysisCache()


def cached(kind: str, source: str, compute: Callable[[str], T]) -> T:
    """``CACHE.get_or_compute(kind, source, compute)``."""
    return CACHE.get_or_compute(kind, source, compute)


def stats() -> dict:
    """Statistics of the shared cache (see :meth:`AnalysisCache.stats`)."""
    return CACHE.stats()


def clear() -> None:
    """Empty the shared cache and reset its counters."""
    CACHE.clear()


def resize(maxsize: int) -> None:
    """Bound the shared cache to ``maxsize`` entries (0 disables caching)."""
    CACHE.resize(maxsize)

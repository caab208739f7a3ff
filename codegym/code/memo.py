"""A small LRU memo keyed by hashable arguments (source texts): revisited states cost a dict look-up.

Example:
    >>> memo = Memo(2)
    >>> memo.get("a", lambda: 1), memo.get("a", lambda: 2)
    (1, 1)
"""

from __future__ import annotations

from collections import OrderedDict
from typing import Callable, Hashable, TypeVar

V = TypeVar("V")


class Memo:
    """A small LRU memo keyed by hashable arguments (source texts)."""

    def __init__(self, size: int) -> None:
        self.size = size
        self.data: "OrderedDict[Hashable, object]" = OrderedDict()

    def get(self, key: Hashable, make: Callable[[], V]) -> V:
        if key in self.data:
            self.data.move_to_end(key)
            return self.data[key]  # type: ignore[return-value]
        value = make()
        self.data[key] = value
        while len(self.data) > self.size:
            self.data.popitem(last=False)
        return value


"""Text spaces with an explicit charset, and fitting arbitrary text into them."""

from __future__ import annotations

import string

import numpy as np
from gymnasium import spaces

CHARSET = string.printable
_ASCII_CONTROLS_NOT_PRINTABLE = {c: "?" for c in range(128) if chr(c) not in CHARSET}
_TRANSLATE = str.maketrans(_ASCII_CONTROLS_NOT_PRINTABLE)


def text_space(max_length: int) -> spaces.Text:
    """``Text`` over ``string.printable`` with ``min_length=0`` (what checkers expect)."""
    return spaces.Text(max_length=max_length, min_length=0, charset=CHARSET)


def fit_text(text: str, max_length: int) -> str:
    """``text`` with characters outside the charset replaced by '?' and cut to ``max_length``.

    Example:
        >>> fit_text("café\\x00", 100)
        'caf??'
    """
    clean = text.encode("ascii", "replace").decode("ascii").translate(_TRANSLATE)
    if len(clean) <= max_length:
        return clean
    marker = f"\n...[{len(clean) - max_length} more characters cut]"
    keep = max(0, max_length - len(marker))
    return (clean[:keep] + marker)[:max_length]


def count_space(high: int = 1_000_000) -> spaces.Box:
    """A non-negative integer counter as a (1,)-shaped Box."""
    return spaces.Box(low=0, high=high, shape=(1,), dtype=np.int64)


def count(value: int) -> np.ndarray:
    return np.array([int(value)], dtype=np.int64)

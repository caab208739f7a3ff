"""Statistics over training seeds: mean ± std (ddof=1), rliable bootstrap CIs, oracle-normalised scores.

Example:
    >>> mean_std([0.5, 0.7, 0.9])
    (0.7000000000000001, 0.2)
    >>> normalised(5.0, random=0.0, oracle=10.0)
    0.5
"""

from __future__ import annotations

import contextlib
import math
from typing import Iterator, Sequence

import numpy as np

#: How bootstrap CIs are computed; written into LEADERBOARD.md next to the table.
BOOTSTRAP = {"library": "rliable", "function": "rliable.library.get_interval_estimates", "statistic": "mean",
             "method": "percentile", "reps": 2000, "confidence": 0.95, "random_state": 0,
             "unit": "one score per training seed (per evaluation seed for random/oracle)"}

#: The std over seeds is the sample std.
DDOF = 1


@contextlib.contextmanager
def _global_seed(seed: int) -> Iterator[None]:
    """Seed NumPy's global RNG for the block, then restore it: rliable 1.2's StratifiedBootstrap
    draws its resampling indices from ``np.random`` and ignores ``random_state``."""
    state = np.random.get_state()
    np.random.seed(seed)
    try:
        yield
    finally:
        np.random.set_state(state)


def mean_std(values: Sequence[float]) -> tuple[float, float]:
    """Mean and sample std (ddof=1; nan for a single value)."""
    arr = np.asarray(values, dtype=float)
    if arr.size == 0:
        return math.nan, math.nan
    return float(arr.mean()), float(arr.std(ddof=DDOF)) if arr.size > DDOF else math.nan


def bootstrap_ci(values: Sequence[float], reps: int = BOOTSTRAP["reps"],
                 confidence: float = BOOTSTRAP["confidence"], seed: int = BOOTSTRAP["random_state"]
                 ) -> tuple[float, float] | None:
    """The rliable percentile-bootstrap CI of the mean over seeds (``None`` below two seeds).

    Example:
        >>> low, high = bootstrap_ci([0.2, 0.4, 0.6, 0.8])
        >>> 0.2 <= low <= 0.5 <= high <= 0.8
        True
    """
    arr = np.asarray(values, dtype=float).reshape(-1, 1)
    if arr.shape[0] < 2:
        return None
    import warnings

    from rliable import library as rly

    with warnings.catch_warnings(), _global_seed(seed):  # arch's notice about RandomState, which rliable passes on
        warnings.simplefilter("ignore", FutureWarning)
        _, intervals = rly.get_interval_estimates({"x": arr}, lambda scores: np.array([np.mean(scores)]),
                                                  method=BOOTSTRAP["method"], reps=int(reps),
                                                  confidence_interval_size=float(confidence),
                                                  random_state=np.random.RandomState(seed))
    low, high = np.asarray(intervals["x"], dtype=float).reshape(2, -1)[:, 0]
    return float(low), float(high)


def normalised(value: float, random: float | None, oracle: float | None) -> float | None:
    """(value − random) / (oracle − random): 0 is random, 1 is the oracle (``None`` when undefined)."""
    if random is None or oracle is None or not math.isfinite(oracle - random) or abs(oracle - random) < 1e-12:
        return None
    return (value - random) / (oracle - random)


def bootstrap_diff_ci(a: Sequence[float], b: Sequence[float], reps: int = BOOTSTRAP["reps"],
                      confidence: float = BOOTSTRAP["confidence"], seed: int = BOOTSTRAP["random_state"]
                      ) -> tuple[float, float]:
    """rliable percentile-bootstrap CI of ``mean(a) - mean(b)``, resampling each group's seeds independently.

    Example:
        >>> low, high = bootstrap_diff_ci([10.0, 12.0, 11.0], [1.0, 2.0, 3.0])
        >>> low > 0
        True
    """
    import warnings

    from rliable import library as rly

    first, second = (np.asarray(x, dtype=float).reshape(-1, 1) for x in (a, b))
    with warnings.catch_warnings(), _global_seed(seed):
        warnings.simplefilter("ignore", FutureWarning)
        _, intervals = rly.get_interval_estimates({"diff": [first, second]},
                                                  lambda x, y: np.array([np.mean(x) - np.mean(y)]),
                                                  method=BOOTSTRAP["method"], reps=int(reps),
                                                  confidence_interval_size=float(confidence),
                                                  random_state=np.random.RandomState(seed))
    low, high = np.asarray(intervals["diff"], dtype=float).reshape(2, -1)[:, 0]
    return float(low), float(high)

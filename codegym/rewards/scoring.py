"""The multi-agent reward formulas (author/reviewer, test generator/coder), as pure functions.

Each one is an incentive; the cheapest policy that could earn it is named beside it and
``tests/multiagent/test_scoring.py`` proves it earns no more than honest failure.

Example:
    >>> reviewer_reward(approve=True, correct=True, base_rate=0.5)
    1.0
    >>> author_reward(solved=False, merged=True, rounds=1)
    -1.0
"""

from __future__ import annotations

import math

from codegym.errors import ConfigError

#: Base rates are clipped into [EPS, 1 - EPS] so the reviewer's weights stay finite.
BASE_RATE_EPS = 0.02


def clip_base_rate(q: float) -> float:
    """``q`` clipped into ``[BASE_RATE_EPS, 1 - BASE_RATE_EPS]``; a non-finite or out-of-range q is a ConfigError.

    Example:
        >>> clip_base_rate(1.0)
        0.98
    """
    if isinstance(q, bool) or not isinstance(q, (int, float)) or not math.isfinite(q) or not 0.0 <= q <= 1.0:
        raise ConfigError(f"base_rate must be a number in [0, 1], got {q!r}")
    return min(max(float(q), BASE_RATE_EPS), 1.0 - BASE_RATE_EPS)


def reviewer_reward(approve: bool, correct: bool, base_rate: float) -> float:
    """``½[a(y/q − (1−y)/(1−q)) + (1−a)((1−y)/(1−q) − y/q)]``; its expectation is TPR − FPR.

    Cheapest policies: always approve, always reject, coin flips — each has expectation 0
    at any base rate q; only telling correct from wrong patches apart pays (a perfect
    reviewer earns +1 on average).

    Example:
        >>> round(reviewer_reward(approve=True, correct=False, base_rate=0.8), 6)
        -2.5
    """
    q = clip_base_rate(base_rate)
    y = 1.0 if correct else 0.0
    a = 1.0 if approve else 0.0
    return 0.5 * (a * (y / q - (1 - y) / (1 - q)) + (1 - a) * ((1 - y) / (1 - q) - y / q))


def author_reward(solved: bool, merged: bool, rounds: int, sneaky: bool = False) -> float:
    """Author's terminal reward ``h(0.5 + 0.5·merged) − merged·(1−h) − 0.1·(rounds−1)``.

    A wrong patch that is merged is the worst outcome (−1 − round cost), so fooling the
    reviewer never pays; ``sneaky=True`` (red-teaming reviewers) pays ``merged·(1−h)``
    instead of charging it.

    Example:
        >>> author_reward(solved=True, merged=True, rounds=2)
        0.9
    """
    if isinstance(rounds, bool) or not isinstance(rounds, int) or rounds < 1:
        raise ConfigError(f"rounds must be an int >= 1, got {rounds!r}")
    h = 1.0 if solved else 0.0
    m = 1.0 if merged else 0.0
    fooled = m * (1 - h)
    return h * (0.5 + 0.5 * m) + (fooled if sneaky else -fooled) - 0.1 * (rounds - 1)


def generator_reward(candidate_fails: bool, mutants_killed: int, mutant_pool: int, invalid_tests: int) -> float:
    """``[S_r fails a valid test] + 0.5·killed/|M| − 0.2·invalid``.

    The invalid-test penalty is flat per test, so dropping a bad test always beats
    submitting it; ``assert False`` (fails the reference) is invalid; a suite with no
    valid test kills nothing and scores 0 at best.

    Example:
        >>> generator_reward(candidate_fails=True, mutants_killed=2, mutant_pool=4, invalid_tests=1)
        1.05
    """
    for name, value in (("mutants_killed", mutants_killed), ("mutant_pool", mutant_pool), ("invalid_tests", invalid_tests)):
        if isinstance(value, bool) or not isinstance(value, int) or value < 0:
            raise ConfigError(f"{name} must be an int >= 0, got {value!r}")
    if mutants_killed > mutant_pool:
        raise ConfigError(f"mutants_killed ({mutants_killed}) cannot exceed mutant_pool ({mutant_pool})")
    kill_rate = mutants_killed / mutant_pool if mutant_pool else 0.0
    return round((1.0 if candidate_fails else 0.0) + 0.5 * kill_rate - 0.2 * invalid_tests, 12)


def coder_reward(hidden_pass: float, generated_pass: float | None) -> float:
    """``0.7·pass(hidden) + 0.3·pass(valid generated)``; the second term is dropped (and
    the first rescaled to 1) when the generator offered no valid test.

    Example:
        >>> coder_reward(1.0, 1.0)
        1.0
        >>> coder_reward(0.5, None)
        0.5
    """
    for name, value in (("hidden_pass", hidden_pass), ("generated_pass", generated_pass)):
        if value is not None and (isinstance(value, bool) or not 0.0 <= float(value) <= 1.0):
            raise ConfigError(f"{name} must be a fraction in [0, 1], got {value!r}")
    if generated_pass is None:
        return float(hidden_pass)
    return round(0.7 * float(hidden_pass) + 0.3 * float(generated_pass), 12)


class RunningBaseRate:
    """A running mean of ``correct`` over decisions seen, with a prior of one half-weight pseudo-count each way.

    Example:
        >>> rate = RunningBaseRate()
        >>> rate.update(True); rate.update(True); rate.update(False)
        >>> round(rate.value, 3)
        0.625
    """

    def __init__(self, prior: float = 0.5, weight: float = 1.0) -> None:
        self._correct = prior * weight
        self._seen = weight

    def update(self, correct: bool) -> None:
        """Count one more decision's ground truth."""
        self._correct += 1.0 if correct else 0.0
        self._seen += 1.0

    @property
    def value(self) -> float:
        """The current estimate of the base rate of correct patches."""
        return self._correct / self._seen

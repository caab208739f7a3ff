"""Reward plugins: a contract, built-ins, composition and a shared analysis cache.

A reward is a weighted sum of terms, each computed by a plugin of the
``codegym.rewards`` entry-point group (built-ins: ``tests``, ``completion``,
``quality``, ``security``, ``efficiency``, ``shaping``; third-party packages add
more by declaring entry points, see ``plugins/codegym-reward-docstrings``).

Example:
    >>> from codegym.rewards import RewardComposer, DEFAULT_WEIGHTS
    >>> composer = RewardComposer(DEFAULT_WEIGHTS["default"])  # doctest: +SKIP
    >>> total, terms = composer(ctx)  # doctest: +SKIP
"""

from codegym.rewards.base import VERDICTS, RewardContext, RewardPlugin, RewardTerm, verdict_of
from codegym.rewards.compose import DEFAULT_WEIGHTS, GROUP, RewardComposer, installed, load_plugin
from codegym.rewards.episode import RewardEpisode

__all__ = [
    "DEFAULT_WEIGHTS", "GROUP", "VERDICTS", "RewardComposer", "RewardContext", "RewardEpisode", "RewardPlugin",
    "RewardTerm", "installed", "load_plugin", "verdict_of",
]

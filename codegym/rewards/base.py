"""The reward-plugin contract: :class:`RewardContext` in, :class:`RewardTerm` out.

A reward plugin is a class with a ``name``, a ``description``, the options it accepts
(``defaults``) and a ``compute(ctx)`` method. Plugins are found through the
``codegym.rewards`` entry-point group, built-ins and third-party packages alike, and
combined with weights by :class:`codegym.rewards.compose.RewardComposer`.

Example:
    >>> from codegym.rewards.base import RewardPlugin, RewardTerm
    >>> class Constant(RewardPlugin):
    ...     name = "constant"
    ...     description = "always the same value"
    ...     defaults = {"value": 1.0}
    ...     def compute(self, ctx):
    ...         return RewardTerm(self.options["value"], {})
    >>> Constant(value=2.5).compute(None).value
    2.5
    >>> Constant(valu=2.5)
    Traceback (most recent call last):
    ...
    codegym.errors.ConfigError: reward plugin 'constant' has no option 'valu'; its options are ['value']
"""

from __future__ import annotations

import math
from abc import ABC, abstractmethod
from dataclasses import dataclass, field
from types import MappingProxyType
from typing import Any, ClassVar, Iterable, Mapping

from codegym.errors import ConfigError
from codegym.sandbox.result import ExecResult
from codegym.tasks.model import Task
from codegym.verdict import VERDICTS, TestReport, verdict_of

__all__ = ["VERDICTS", "WHEN", "RewardContext", "RewardPlugin", "RewardTerm", "verdict_of"]

#: When an episode-level analysis runs: only at episode end, or at every step.
WHEN = ("end", "always")


@dataclass(frozen=True)
class RewardTerm:
    """One plugin's raw reward for one step, with details for logs (JSON-friendly)."""

    value: float
    info: dict = field(default_factory=dict)


@dataclass(frozen=True)
class RewardContext:
    """Everything a reward plugin may look at for one step.

    ``tests`` is the latest test run (visible or hidden; ``hidden`` says which) and
    ``previous_tests`` the run before it. On a step that ran no tests an env passes
    the same two reports again (or ``previous_tests=tests``); plugins that pay for
    progress (``shaping``) pay nothing on such a step. ``tokens`` and ``steps`` are
    episode totals so far (``steps`` grows by one each step).
    """

    task: Task
    files: Mapping[str, str]
    tests: TestReport | None = None
    hidden: bool = False
    previous_tests: TestReport | None = None
    previous_files: Mapping[str, str] | None = None
    executions: tuple[ExecResult, ...] = ()
    action: Any = None
    steps: int = 0
    max_steps: int | None = None
    tokens: int = 0
    terminated: bool = False
    truncated: bool = False
    verdict: str | None = None
    reference_stats: Mapping[str, Any] = field(default_factory=dict)
    tests_ran: bool = True  # False on a step that ran no tests (``tests`` then still holds the last run)

    def __post_init__(self) -> None:
        if self.verdict is not None and self.verdict not in VERDICTS:
            raise ConfigError(f"RewardContext.verdict must be one of {list(VERDICTS)} or None, got {self.verdict!r}")
        if not isinstance(self.executions, tuple):
            object.__setattr__(self, "executions", tuple(self.executions))
        if self.steps < 0 or self.tokens < 0:
            raise ConfigError(f"RewardContext.steps and .tokens must be >= 0, got {self.steps} and {self.tokens}")

    @property
    def done(self) -> bool:
        """The episode ends with this step (terminated or truncated)."""
        return self.terminated or self.truncated

    def python_files(self) -> dict[str, str]:
        """The solution's ``.py`` files (path -> source), sorted by path."""
        return {path: self.files[path] for path in sorted(self.files) if path.endswith(".py")}


def _describe(value: Any) -> str:
    return f"{type(value).__name__} {value!r}"


class RewardPlugin(ABC):
    """Base class of every reward plugin.

    Subclasses set ``name``, ``description`` and ``defaults`` (option name -> default
    value) and implement :meth:`compute`. ``__init__`` rejects unknown options with a
    :class:`ConfigError` naming the plugin and its options, merges the rest into
    ``self.options`` and calls :meth:`validate`, where subclasses check values (the
    ``check_*`` helpers raise ConfigErrors that name the plugin and the option).
    A plugin that keeps state across steps resets it in :meth:`reset`.
    """

    name: ClassVar[str] = ""
    description: ClassVar[str] = ""
    defaults: ClassVar[Mapping[str, Any]] = MappingProxyType({})

    def __init__(self, **options: Any) -> None:
        unknown = sorted(set(options) - set(self.defaults))
        if unknown:
            which = f"option {unknown[0]!r}" if len(unknown) == 1 else f"options {unknown}"
            raise ConfigError(
                f"reward plugin {self.name!r} has no {which}; its options are {sorted(self.defaults) or 'none'}"
            )
        self.options: dict[str, Any] = {**self.defaults, **options}
        self.validate()

    def validate(self) -> None:
        """Check ``self.options`` (override; raise via the ``check_*`` helpers)."""

    @abstractmethod
    def compute(self, ctx: RewardContext) -> RewardTerm:
        """This plugin's raw term for one step."""

    def reset(self) -> None:
        """Forget per-episode state (called by the composer at episode start)."""

    # ---- option checks
    def _bad(self, key: str, expected: str) -> ConfigError:
        return ConfigError(
            f"reward plugin {self.name!r}: option {key!r} must be {expected}, got {_describe(self.options[key])}"
        )

    def check_number(self, key: str, *, minimum: float | None = None, maximum: float | None = None) -> float:
        """``options[key]`` as a finite float within bounds (bools are not numbers)."""
        value = self.options[key]
        bounds = "".join([f" >= {minimum}" if minimum is not None else "", f" <= {maximum}" if maximum is not None else ""])
        if isinstance(value, bool) or not isinstance(value, (int, float)) or not math.isfinite(value):
            raise self._bad(key, "a finite number" + bounds)
        if (minimum is not None and value < minimum) or (maximum is not None and value > maximum):
            raise self._bad(key, "a number" + bounds)
        self.options[key] = float(value)
        return float(value)

    def check_choice(self, key: str, choices: Iterable[str]) -> str:
        """``options[key]``, which must be one of ``choices``."""
        choices = tuple(choices)
        if self.options[key] not in choices:
            raise self._bad(key, f"one of {list(choices)}")
        return self.options[key]

    def check_bool(self, key: str) -> bool:
        """``options[key]``, which must be True or False."""
        if not isinstance(self.options[key], bool):
            raise self._bad(key, "true or false")
        return self.options[key]

    def check_strings(self, key: str) -> tuple[str, ...]:
        """``options[key]`` as a tuple of strings (a list, tuple or a single string)."""
        value = self.options[key]
        if isinstance(value, str):
            value = (value,)
        if not isinstance(value, (list, tuple)) or not all(isinstance(v, str) for v in value):
            raise self._bad(key, "a list of strings")
        self.options[key] = tuple(value)
        return tuple(value)

    def __repr__(self) -> str:
        return f"{type(self).__name__}({', '.join(f'{k}={v!r}' for k, v in sorted(self.options.items()))})"

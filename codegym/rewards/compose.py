"""Weighted composition of reward plugins.

``RewardComposer({"tests": 1.0, "quality": {"weight": 0.5, "options": {"when": "always"}}})``
loads each plugin from the ``codegym.rewards`` entry-point group when it is built (an
unknown name is a :class:`PluginError` listing the installed ones; a bad option a
:class:`ConfigError`), and ``composer(ctx)`` returns ``(total, terms)``. A plugin that
raises, returns something else than a :class:`RewardTerm`, or a non-finite value is a
:class:`RewardError` naming it: a broken reward is never a silent zero.

Example:
    >>> composer = RewardComposer(DEFAULT_WEIGHTS["default"])  # doctest: +SKIP
    >>> total, terms = composer(ctx)  # doctest: +SKIP
    >>> terms["tests"]  # doctest: +SKIP
    {'value': 7.0, 'raw': 7.0, 'weight': 1.0, 'info': {...}}
"""

from __future__ import annotations

import math
from types import MappingProxyType
from typing import Any, Mapping

from codegym import plugins
from codegym.errors import ConfigError, PluginError, RewardError
from codegym.rewards.base import RewardContext, RewardPlugin, RewardTerm

GROUP = "codegym.rewards"

#: Example weightings per kind of environment (copy one and adjust).
DEFAULT_WEIGHTS: Mapping[str, Mapping[str, float]] = MappingProxyType({
    # Multi-step editing with test runs: progress shaping, test outcomes, final verdict.
    "default": MappingProxyType({"tests": 1.0, "completion": 1.0, "shaping": 1.0}),
    # One submission, one hidden-test verdict: no progress to shape.
    "single_shot": MappingProxyType({"tests": 1.0, "completion": 1.0}),
    # Repair of a buggy program (mutations source): reward the fix, discourage thrashing.
    "repair": MappingProxyType({"tests": 1.0, "completion": 1.0, "shaping": 1.0, "efficiency": 0.5}),
    # Code review settings where style, safety and speed count besides correctness.
    "quality_aware": MappingProxyType({"tests": 1.0, "completion": 1.0, "shaping": 1.0, "quality": 2.0,
                                       "security": 1.0, "efficiency": 1.0}),
})


def installed() -> list[str]:
    """Names of the installed reward plugins."""
    return plugins.names(GROUP)


def load_plugin(name: str, **options: Any) -> RewardPlugin:
    """Load plugin ``name`` from the entry points and build it with ``options``."""
    if not isinstance(name, str) or not name:
        raise ConfigError(f"reward plugin names are non-empty strings, got {name!r}; installed: {installed()}")
    cls = plugins.load(GROUP, name)  # PluginError naming the installed plugins
    if not (isinstance(cls, type) and issubclass(cls, RewardPlugin)):
        raise PluginError(
            f"reward plugin {name!r} ({plugins.entry_points(GROUP)[name].value}) is not a RewardPlugin subclass; "
            "its entry point must name a class deriving from codegym.rewards.RewardPlugin"
        )
    try:
        return cls(**options)
    except ConfigError:
        raise
    except Exception as exc:
        raise PluginError(f"reward plugin {name!r} failed to start: {type(exc).__name__}: {exc}") from exc


def _weight(name: str, value: Any) -> float:
    if isinstance(value, bool) or not isinstance(value, (int, float)) or not math.isfinite(value):
        raise ConfigError(f"reward {name!r}: weight must be a finite number, got {value!r}")
    return float(value)


def parse_spec(spec: Mapping[str, Any]) -> dict[str, tuple[float, dict]]:
    """Normalise a spec to ``{name: (weight, options)}`` (raises ConfigError)."""
    if not isinstance(spec, Mapping) or not spec:
        raise ConfigError(
            f"a reward spec is a non-empty mapping of plugin name -> weight or {{'weight': w, 'options': {{...}}}}, "
            f"got {spec!r}; e.g. {dict(DEFAULT_WEIGHTS['default'])}"
        )
    parsed: dict[str, tuple[float, dict]] = {}
    for name, entry in spec.items():
        if isinstance(entry, Mapping):
            extra = sorted(set(entry) - {"weight", "options"})
            if extra:
                raise ConfigError(f"reward {name!r}: unknown key(s) {extra}; use 'weight' and 'options'")
            options = entry.get("options")
            options = {} if options is None else options
            if not isinstance(options, Mapping):
                raise ConfigError(f"reward {name!r}: 'options' must be a mapping, got {options!r}")
            parsed[name] = (_weight(name, entry.get("weight", 1.0)), dict(options))
        else:
            parsed[name] = (_weight(name, entry), {})
    return parsed


class RewardComposer:
    """A weighted sum of reward plugins; call it with a :class:`RewardContext`."""

    def __init__(self, spec: Mapping[str, Any]) -> None:
        parsed = parse_spec(spec)
        self.weights: dict[str, float] = {name: weight for name, (weight, _) in parsed.items()}
        self.plugins: dict[str, RewardPlugin] = {name: load_plugin(name, **options) for name, (_, options) in parsed.items()}

    @property
    def names(self) -> list[str]:
        return list(self.plugins)

    def reset(self) -> None:
        """Start a new episode: plugins forget per-episode state."""
        for name, plugin in self.plugins.items():
            try:
                plugin.reset()
            except Exception as exc:
                raise RewardError(f"reward plugin {name!r} failed to reset: {type(exc).__name__}: {exc}") from exc

    def term(self, name: str, ctx: RewardContext) -> RewardTerm:
        """One plugin's raw term, checked (RewardError naming the plugin on any failure)."""
        plugin = self.plugins[name]
        try:
            term = plugin.compute(ctx)
        except RewardError as exc:
            raise RewardError(f"reward plugin {name!r} failed: {exc}") from exc
        except Exception as exc:
            raise RewardError(f"reward plugin {name!r} ({type(plugin).__name__}) raised {type(exc).__name__}: {exc}") from exc
        if not isinstance(term, RewardTerm):
            raise RewardError(f"reward plugin {name!r} returned {type(term).__name__}, not a RewardTerm")
        if isinstance(term.value, bool) or not isinstance(term.value, (int, float)) or not math.isfinite(term.value):
            raise RewardError(f"reward plugin {name!r} returned a non-finite or non-numeric value {term.value!r}")
        if not isinstance(term.info, dict):
            raise RewardError(f"reward plugin {name!r} returned info of type {type(term.info).__name__}, not a dict")
        return term

    def __call__(self, ctx: RewardContext) -> tuple[float, dict[str, dict]]:
        terms: dict[str, dict] = {}
        total = 0.0
        for name, weight in self.weights.items():
            term = self.term(name, ctx)
            raw = float(term.value)
            value = weight * raw
            if not math.isfinite(value):
                raise RewardError(f"reward plugin {name!r}: weight {weight} x value {raw} is not finite")
            terms[name] = {"value": value, "raw": raw, "weight": weight, "info": term.info}
            total += value
        if not math.isfinite(total):
            raise RewardError(f"the total reward is not finite ({total}); terms: {({n: t['value'] for n, t in terms.items()})}")
        return total, terms

    def __repr__(self) -> str:
        return f"RewardComposer({self.weights})"

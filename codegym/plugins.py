"""Entry-point discovery for every codegym plugin group.

Built-ins are declared through the same entry points as third-party packages. A plugin
that fails to load is reported by name and never hides the others.

Example:
    >>> from codegym.plugins import names
    >>> "docker" in names("codegym.sandboxes")
    True
"""

from __future__ import annotations

from dataclasses import dataclass
from importlib import metadata
from typing import Any

from codegym.errors import PluginError

GROUPS = ("codegym.envs", "codegym.rewards", "codegym.sandboxes", "codegym.tasks")


@dataclass(frozen=True)
class PluginInfo:
    """One entry point, as installed."""

    group: str
    name: str
    value: str
    package: str
    version: str


def entry_points(group: str) -> dict[str, metadata.EntryPoint]:
    """Installed entry points of ``group`` by name (the last one installed wins on clashes)."""
    if group not in GROUPS:
        raise PluginError(f"unknown plugin group {group!r}; codegym's groups are {list(GROUPS)}")
    return {ep.name: ep for ep in metadata.entry_points(group=group)}


def names(group: str) -> list[str]:
    """Sorted names of the plugins installed in ``group``."""
    return sorted(entry_points(group))


def describe(group: str) -> list[PluginInfo]:
    """Name, target, distribution and version of every plugin in ``group``."""
    infos = []
    for name, ep in sorted(entry_points(group).items()):
        dist = getattr(ep, "dist", None)
        infos.append(PluginInfo(group, name, ep.value, dist.name if dist else "?", dist.version if dist else "?"))
    return infos


def load(group: str, name: str) -> Any:
    """Load the object behind plugin ``name`` of ``group``.

    Raises :class:`PluginError` naming the plugin and the installed alternatives.
    """
    available = entry_points(group)
    if name not in available:
        raise PluginError(
            f"no plugin named {name!r} in group {group!r}; installed: {sorted(available) or 'none'}. "
            "Install the package that provides it, or check the spelling."
        )
    try:
        return available[name].load()
    except Exception as exc:
        raise PluginError(
            f"plugin {name!r} of group {group!r} ({available[name].value}) failed to load: {type(exc).__name__}: {exc}"
        ) from exc

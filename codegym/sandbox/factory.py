"""``make_sandbox``: pick and open a sandbox backend."""

from __future__ import annotations

import inspect
import os

from codegym import plugins
from codegym.errors import ConfigError, EngineUnavailableError, PluginError
from codegym.sandbox.base import Sandbox
from codegym.sandbox.limits import SandboxLimits

GROUP = "codegym.sandboxes"


def resolve_backend(backend: str = "auto") -> str:
    """Name of the backend ``backend`` stands for (``auto`` → docker, or $CODEGYM_SANDBOX)."""
    if not isinstance(backend, str) or not backend:
        raise ConfigError(f"backend must be a backend name such as 'docker', got {backend!r}")
    if backend != "auto":
        return backend
    chosen = os.environ.get("CODEGYM_SANDBOX", "").strip()
    if chosen and chosen != "auto":
        return chosen
    from codegym.sandbox.engine import engine_available

    if engine_available():
        return "docker"
    raise EngineUnavailableError(
        "backend='auto' needs a running Docker engine and none answers. Start it "
        "(`sudo dockerd &` or `sudo systemctl start docker`), then `codegym sandbox build`; "
        "or, for development only and with no isolation, set CODEGYM_SANDBOX=local"
    )


def backend_class(name: str) -> type[Sandbox]:
    """The class behind backend ``name`` (imported, nothing opened); :class:`PluginError` naming
    the installed backends when there is none."""
    try:
        return plugins.load(GROUP, name)
    except PluginError as exc:
        raise PluginError(f"unknown sandbox backend {name!r}: {exc}") from None


def check_backend(backend: str = "auto") -> str:
    """Check that ``backend`` names an installed backend, without opening a sandbox or contacting
    an engine (envs call it at construction). ``"auto"`` stays lazy: only a backend named by
    ``$CODEGYM_SANDBOX`` is checked. Returns ``backend``.

    Example:
        >>> check_backend("docker")
        'docker'
        >>> check_backend("podman")  # doctest: +IGNORE_EXCEPTION_DETAIL
        Traceback (most recent call last):
        codegym.errors.PluginError: unknown sandbox backend 'podman': ...
    """
    if not isinstance(backend, str) or not backend:
        raise ConfigError(f"backend must be a backend name such as 'docker', got {backend!r}")
    name = backend
    if backend == "auto":
        name = os.environ.get("CODEGYM_SANDBOX", "").strip() or "auto"
    if name != "auto":
        backend_class(name)
    return backend


def make_sandbox(backend: str = "auto", **options) -> Sandbox:
    """Open a sandbox. Keyword options are limits (see :class:`SandboxLimits`) or backend options.

    Example:
        >>> import codegym
        >>> with codegym.make_sandbox(memory_mb=256) as sb:  # doctest: +SKIP
        ...     print(sb.run_python("print(2 + 2)").stdout)
        4
    """
    name = resolve_backend(backend)
    cls = backend_class(check_backend(name))
    limit_names = set(SandboxLimits.__dataclass_fields__)
    limits = SandboxLimits.from_kwargs(**{k: v for k, v in options.items() if k in limit_names})
    extra = {k: v for k, v in options.items() if k not in limit_names}
    accepted = set(inspect.signature(cls).parameters)
    unknown = sorted(set(extra) - accepted)
    if unknown:
        raise ConfigError(
            f"sandbox backend {name!r} takes no option(s) {unknown}; limits are {sorted(limit_names)}, "
            f"backend options are {sorted(accepted - {'limits'})}"
        )
    return cls(limits, **extra)

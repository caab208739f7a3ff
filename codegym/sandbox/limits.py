"""Resource limits of a sandbox and of each job, validated up front."""

from __future__ import annotations

import math
from dataclasses import asdict, dataclass, fields

from codegym.errors import SandboxLimitError

MAX_TIMEOUT_S = 3600.0


def check_timeout(timeout: float | int | None, default: float) -> float:
    """Return a usable timeout in seconds or raise :class:`SandboxLimitError`.

    Example:
        >>> check_timeout(None, 5.0)
        5.0
    """
    if timeout is None:
        return default
    if isinstance(timeout, bool) or not isinstance(timeout, (int, float)):
        raise SandboxLimitError(f"timeout must be a number of seconds, got {type(timeout).__name__} {timeout!r}")
    if not math.isfinite(timeout) or timeout <= 0:
        raise SandboxLimitError(f"timeout must be a positive, finite number of seconds, got {timeout!r}")
    if timeout > MAX_TIMEOUT_S:
        raise SandboxLimitError(
            f"timeout {timeout!r}s is absurd (the most is {MAX_TIMEOUT_S:.0f}s); split the job or raise nothing that large"
        )
    return float(timeout)


@dataclass(frozen=True)
class SandboxLimits:
    """Limits of one sandbox. Every field can be passed to ``make_sandbox`` by name.

    Example:
        >>> SandboxLimits(memory_mb=256).memory_mb
        256
    """

    memory_mb: int = 512
    pids: int = 128
    cpus: float = 1.0
    workspace_mb: int = 64
    scratch_mb: int = 64
    timeout_s: float = 10.0
    max_output_bytes: int = 1 << 20
    max_file_mb: int = 32
    open_files: int = 256

    def __post_init__(self) -> None:
        check_timeout(self.timeout_s, 10.0)
        bounds = {
            "memory_mb": (16, 65536),
            "pids": (8, 65536),
            "cpus": (0.05, 256),
            "workspace_mb": (1, 65536),
            "scratch_mb": (1, 65536),
            "max_output_bytes": (1024, 1 << 30),
            "max_file_mb": (1, 4096),
            "open_files": (16, 65536),
        }
        for name, (low, high) in bounds.items():
            value = getattr(self, name)
            if isinstance(value, bool) or not isinstance(value, (int, float)) or not math.isfinite(value):
                raise SandboxLimitError(f"limit {name} must be a number, got {value!r}")
            if not low <= value <= high:
                raise SandboxLimitError(f"limit {name}={value!r} is out of range; use a value between {low} and {high}")

    @classmethod
    def from_kwargs(cls, **kwargs) -> "SandboxLimits":
        """Build limits from keyword arguments, naming any unknown one."""
        known = {f.name for f in fields(cls)}
        unknown = sorted(set(kwargs) - known)
        if unknown:
            raise SandboxLimitError(f"unknown sandbox limit(s) {unknown}; known limits are {sorted(known)}")
        return cls(**kwargs)

    def as_dict(self) -> dict:
        return asdict(self)

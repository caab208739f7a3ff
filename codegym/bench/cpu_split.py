"""Where an executing step's CPU time goes: the env's own process, its sandbox container, the engine.

Measured for one env in this process (so its host-side CPU is this process's), as CPU
milliseconds per step: this process (``os.times``), the sandbox container (its cgroup's
CPU counter, cgroup v1 ``cpuacct.usage`` or v2 ``cpu.stat``; every container the env
used), and the container engine (``dockerd``, ``containerd`` and each container's shim,
from ``/proc``; shared with anything else using the engine meanwhile). A part that cannot
be read here (no permission, another layout) is reported as ``None``: not measured.

Example:
    >>> split = measure_cpu_split(steps=30)  # doctest: +SKIP
    >>> split["sandbox container ms"] > split["host env ms"]  # doctest: +SKIP
    True
"""

from __future__ import annotations

import os
import time
from pathlib import Path
from typing import Callable

CGROUP_ROOT = Path("/sys/fs/cgroup")
_ENGINE_NAMES = ("dockerd", "containerd")


def container_cpu_s(container_id: str, root: Path = CGROUP_ROOT) -> float | None:
    """CPU seconds the container has used so far, or None when its cgroup is not readable here."""
    for path in (root / "cpuacct" / "docker" / container_id / "cpuacct.usage",
                 root / "cpu,cpuacct" / "docker" / container_id / "cpuacct.usage"):
        try:
            return int(path.read_text()) / 1e9
        except (OSError, ValueError):
            pass
    for path in (root / "system.slice" / f"docker-{container_id}.scope" / "cpu.stat",
                 root / "docker" / container_id / "cpu.stat"):
        try:
            for line in path.read_text().splitlines():
                key, _, value = line.partition(" ")
                if key == "usage_usec":
                    return int(value) / 1e6
        except (OSError, ValueError):
            pass
    return None


def _process_cpu_s(pid: int) -> float | None:
    """User + system CPU seconds of every thread of ``pid``, exited ones included (clock ticks)."""
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
        return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")
    except (OSError, ValueError, IndexError):
        return None


def engine_pids(container_ids: set[str]) -> list[int]:
    """Pids of dockerd, containerd and the shims of ``container_ids``."""
    found = []
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            argv = (entry / "cmdline").read_bytes().split(b"\0")
        except OSError:
            continue
        program = os.path.basename(argv[0].decode(errors="replace")) if argv and argv[0] else ""
        if program in _ENGINE_NAMES or (program.startswith("containerd-shim")
                                        and any(c.encode() in b" ".join(argv) for c in container_ids)):
            found.append(int(entry.name))
    return found


def measure_cpu_split(step: Callable[[], None], steps: int, container_ids: Callable[[], set[str]]) -> dict:
    """Run ``step`` ``steps`` times; CPU ms per step by where it was spent (None: not readable).

    ``container_ids`` names the sandbox containers in use; it is asked before and after, so
    a container replaced midway still counts (what it used before it went is lost).
    """
    ids_before = container_ids()
    containers_before = {c: container_cpu_s(c) for c in ids_before}
    engine = engine_pids(ids_before)
    engine_before = {pid: _process_cpu_s(pid) for pid in engine}
    host_before = os.times()
    started = time.perf_counter()
    for _ in range(steps):
        step()
    wall = time.perf_counter() - started
    host_after = os.times()
    ids_after = container_ids()
    containers_after = {c: container_cpu_s(c) for c in ids_before | ids_after}
    used = [containers_after[c] - (containers_before.get(c) or 0.0) for c in containers_after
            if containers_after[c] is not None and (c in ids_after or containers_before.get(c) is not None)]
    readable = bool(used) and all(containers_after.get(c) is not None for c in ids_after)
    engine_used = [after - engine_before[pid] for pid in engine
                   if engine_before[pid] is not None and (after := _process_cpu_s(pid)) is not None]
    per_step = 1000.0 / steps
    host = (host_after.user + host_after.system) - (host_before.user + host_before.system)
    return {
        "steps": steps,
        "wall ms": wall * per_step,
        "host env ms": host * per_step,
        "sandbox container ms": sum(used) * per_step if readable else None,
        "engine ms": sum(engine_used) * per_step if engine_used else None,
    }

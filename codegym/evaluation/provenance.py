"""Where a result came from: codegym version, git commit and dirty flag, packages, command line, hardware.

Git is only read (``--no-optional-locks`` keeps ``git status`` from touching the index).

Example:
    >>> info = provenance()
    >>> sorted(info)[:3]
    ['codegym_version', 'command_line', 'git_commit']
"""

from __future__ import annotations

import hashlib
import json
import os
import platform
import subprocess
import sys
from importlib import metadata
from pathlib import Path
from typing import Any

PACKAGES = ("codegym", "gymnasium", "numpy", "torch", "stable-baselines3", "sb3-contrib", "rliable", "docker")


def _git(*args: str) -> str | None:
    root = Path(__file__).resolve().parents[2]
    try:
        done = subprocess.run(["git", "--no-optional-locks", "-C", str(root), *args], capture_output=True,
                              text=True, timeout=20, check=False)
    except (OSError, subprocess.SubprocessError):
        return None
    return done.stdout.strip() if done.returncode == 0 else None


def package_versions(names: tuple[str, ...] = PACKAGES) -> dict[str, str | None]:
    """Installed versions of ``names`` (``None`` for a package that is not installed)."""
    versions: dict[str, str | None] = {}
    for name in names:
        try:
            versions[name] = metadata.version(name)
        except metadata.PackageNotFoundError:
            versions[name] = None
    return versions


def provenance(argv: list[str] | None = None) -> dict[str, Any]:
    """codegym version, git commit and dirty flag, package versions and the command line."""
    import codegym

    commit = _git("rev-parse", "HEAD")
    status = _git("status", "--porcelain", "--untracked-files=no") if commit else None
    return {
        "codegym_version": codegym.__version__,
        "git_commit": commit,
        "git_dirty": None if status is None else bool(status),
        "packages": package_versions(),
        "python": platform.python_version(),
        "command_line": list(sys.argv if argv is None else argv),
    }


def hardware(sandbox_engine: str | None = None, device: str | None = None) -> dict[str, Any]:
    """CPU, GPU, CUDA, torch and the sandbox engine that judged the episodes."""
    info: dict[str, Any] = {
        "cpu": platform.processor() or platform.machine(),
        "cpu_count": os.cpu_count(),
        "platform": platform.platform(),
        "gpu": None,
        "cuda": None,
        "torch": None,
        "device": device,
        "sandbox_engine": sandbox_engine,
    }
    try:
        import torch
    except ImportError:
        return info
    info["torch"] = torch.__version__
    info["cuda"] = torch.version.cuda
    if torch.cuda.is_available():
        info["gpu"] = torch.cuda.get_device_name(0)
    return info


def sha256_file(path: str | Path) -> str:
    """Hex sha256 of a file (checkpoints)."""
    digest = hashlib.sha256()
    with open(path, "rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def taskset_sha256(taskset: Any) -> str:
    """A hash of a task set's ids and contents (files, tests, reference), fixed by what the tasks are.

    Example:
        >>> class T:  # any object with an id and mappings will do
        ...     id, files, visible_tests, hidden_tests, reference = "x/a", {"a.py": ""}, {}, {}, {}
        >>> len(taskset_sha256([T()]))
        64
    """
    digest = hashlib.sha256()
    for task in sorted(taskset, key=lambda t: t.id):
        part = {"id": task.id}
        for field in ("files", "visible_tests", "hidden_tests", "reference"):
            part[field] = dict(getattr(task, field, {}) or {})
        digest.update(json.dumps(part, sort_keys=True).encode("utf-8", "surrogatepass"))
        digest.update(b"\n")
    return digest.hexdigest()

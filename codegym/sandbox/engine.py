"""Talking to the Docker engine: connect, check the image, reap orphaned containers."""

from __future__ import annotations

import os
import socket
from functools import lru_cache

from codegym.errors import EngineUnavailableError, ImageMissingError
from codegym.sandbox.image import IMAGE_REPO, runner_hash

LABEL = "codegym.sandbox"
OWNER_LABEL = "codegym.owner"

_START_HINT = (
    "start the Docker engine (e.g. `sudo dockerd &` or `sudo systemctl start docker`) and check "
    "`docker info`, or choose the unsafe development backend with CODEGYM_SANDBOX=local / backend='local'"
)


def docker_client(timeout: float = 30.0):
    """A docker-py client whose engine answered a ping, else :class:`EngineUnavailableError`."""
    try:
        import docker
    except ImportError as exc:  # pragma: no cover - docker is a hard dependency
        raise EngineUnavailableError(f"the 'docker' Python package is missing ({exc}); pip install docker") from exc
    try:
        client = docker.from_env(timeout=timeout)
        client.ping()
    except Exception as exc:
        raise EngineUnavailableError(f"the Docker engine does not answer ({type(exc).__name__}: {exc}); {_START_HINT}") from None
    return client


def engine_available() -> bool:
    """True when a Docker engine answers (used by backend='auto')."""
    try:
        docker_client(timeout=5.0)
    except EngineUnavailableError:
        return False
    return True


def resolve_image(client, image: str | None = None) -> str:
    """The sandbox image to run, verified to exist and to carry the current runner."""
    import docker.errors

    ref = image or os.environ.get("CODEGYM_IMAGE") or f"{IMAGE_REPO}:latest"
    try:
        found = client.images.get(ref)
    except docker.errors.ImageNotFound:
        raise ImageMissingError(f"sandbox image {ref!r} is not on this engine; build it with `codegym sandbox build`") from None
    except Exception as exc:
        raise EngineUnavailableError(f"could not inspect image {ref!r}: {exc}; {_START_HINT}") from None
    labels = found.labels or {}
    if image is None and labels.get("codegym.runner") != runner_hash():
        # Another checkout of codegym may have moved :latest: any image of ours that carries
        # this runner will do (several codegym versions can share one engine).
        for candidate in client.images.list(name=IMAGE_REPO, filters={"label": f"codegym.runner={runner_hash()}"}):
            return candidate.id
        raise ImageMissingError(
            f"sandbox image {ref!r} carries an older runner than this codegym; rebuild it with `codegym sandbox build`"
        )
    return found.id


@lru_cache(maxsize=1)
def _boot_id() -> str:
    try:
        with open("/proc/sys/kernel/random/boot_id") as fh:
            return fh.read().strip()[:8]
    except OSError:
        return "noboot"


def _start_time(pid: int) -> str:
    try:
        with open(f"/proc/{pid}/stat", "rb") as fh:
            data = fh.read()
        return data[data.rindex(b")") + 2:].split()[19].decode()
    except (OSError, ValueError, IndexError):
        return ""


def owner_tag(pid: int | None = None) -> str:
    """Identifies this process across PID reuse: host, boot, pid and start time."""
    pid = os.getpid() if pid is None else pid
    return f"{socket.gethostname()}:{_boot_id()}:{pid}:{_start_time(pid)}"


def owner_alive(tag: str) -> bool:
    """False when ``tag`` names a process of this host that no longer exists."""
    try:
        host, boot, pid, start = tag.rsplit(":", 3)
    except ValueError:
        return False
    if host != socket.gethostname():
        return True  # another machine's container on a shared engine: not ours to judge
    if boot != _boot_id():
        return False
    return _start_time(int(pid)) == start and start != ""


def prune(client, everything: bool = False) -> list[str]:
    """Remove codegym containers whose owning process is gone (all of them with ``everything``)."""
    removed = []
    for summary in client.api.containers(all=True, filters={"label": LABEL}):
        owner = (summary.get("Labels") or {}).get(OWNER_LABEL, "")
        if everything or not owner_alive(owner):
            try:
                client.api.remove_container(summary["Id"], force=True)
                removed.append(summary["Id"][:12])
            except Exception:
                pass  # already gone (auto-remove raced us)
    return removed

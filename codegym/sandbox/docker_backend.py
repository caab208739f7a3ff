"""The Docker backend: one warm, hardened, long-lived container per sandbox.

The container's PID 1 is the runner; the host talks to it over the container's
attached stdin/stdout, opened before the container starts. No job ever calls
``docker run``, ``exec_run`` or ``put_archive``.
"""

from __future__ import annotations

import select
import socket
import time
import weakref

from codegym.errors import SandboxError
from codegym.sandbox.base import RunnerSandbox
from codegym.sandbox.engine import LABEL, OWNER_LABEL, owner_tag
from codegym.sandbox.image import SANDBOX_UID
from codegym.sandbox.limits import SandboxLimits
from codegym.sandbox.protocol import DockerStreamDemux, FrameClient


def container_options(limits: SandboxLimits) -> tuple[dict, dict]:
    """(create_container kwargs, host_config kwargs): the hardening lives here, in one place."""
    tmpfs_opts = f"rw,nosuid,nodev,noexec,uid={SANDBOX_UID},gid={SANDBOX_UID},mode=0700"
    create = {
        "stdin_open": True,
        "detach": False,  # with stdin_open this sets StdinOnce: the engine closes stdin when we disconnect
        "tty": False,
        "user": f"{SANDBOX_UID}:{SANDBOX_UID}",
        "network_disabled": True,
        "labels": {LABEL: "1", OWNER_LABEL: owner_tag()},
    }
    host = {
        "network_mode": "none",
        "cap_drop": ["ALL"],
        "security_opt": ["no-new-privileges"],
        "read_only": True,
        "privileged": False,
        "tmpfs": {
            "/workspace": f"{tmpfs_opts},size={limits.workspace_mb}m",
            "/tmp": f"{tmpfs_opts},size={limits.scratch_mb}m",
        },
        "mem_limit": f"{limits.memory_mb}m",
        "memswap_limit": f"{limits.memory_mb}m",
        "pids_limit": limits.pids,
        "nano_cpus": int(limits.cpus * 1e9),
        "ipc_mode": "private",
        "auto_remove": True,
    }
    return create, host


class WarmContainer:
    """A started container whose runner has answered ``hello``."""

    def __init__(self, client, image_id: str, limits: SandboxLimits) -> None:
        self.client = client
        self.limits = limits
        create, host = container_options(limits)
        created = client.api.create_container(image_id, host_config=client.api.create_host_config(**host), **create)
        self.id: str = created["Id"]
        try:
            raw = client.api.attach_socket(self.id, params={"stdin": 1, "stdout": 1, "stderr": 1, "stream": 1})
            self.sock: socket.socket = getattr(raw, "_sock", raw)
            self.sock.setblocking(True)
            self._deadline: float | None = None
            self.demux = DockerStreamDemux(self._recv_raw)
            self.frames = FrameClient(self.sock.sendall, self.demux.recv)
            client.api.start(self.id)
            self.sock.settimeout(30.0)
            self.hello = self.frames.request({"op": "hello"})
        except Exception as exc:
            destroy_container(client, self.id, getattr(self, "sock", None))
            raise SandboxError(f"sandbox container failed to start: {type(exc).__name__}: {exc}") from exc
        self.created = time.monotonic()

    def _recv_raw(self, n: int) -> bytes:
        if self._deadline is not None:
            remaining = self._deadline - time.monotonic()
            if remaining <= 0:
                raise TimeoutError("the sandbox runner did not reply in time")
            self.sock.settimeout(remaining)
        return self.sock.recv(n)

    def set_deadline(self, seconds: float | None) -> None:
        self._deadline = None if seconds is None else time.monotonic() + seconds

    def alive(self) -> bool:
        """Cheap liveness check: the channel is open and has nothing unexpected to say."""
        try:
            readable, _, _ = select.select([self.sock], [], [], 0)
        except (OSError, ValueError):
            return False
        return not readable


def destroy_container(client, container_id: str, sock: socket.socket | None) -> None:
    """Close the channel and remove the container; never raises."""
    if sock is not None:
        try:
            sock.close()
        except OSError:
            pass
    try:
        client.api.remove_container(container_id, force=True)
    except Exception:
        pass  # already removed (auto-remove) or the engine is gone; prune reaps the rest


class DockerSandbox(RunnerSandbox):
    """A sandbox in its own fresh container; see :func:`codegym.make_sandbox`."""

    backend = "docker"

    def __init__(self, limits: SandboxLimits | None = None, *, image: str | None = None, pool_size: int | None = None) -> None:
        from codegym.sandbox.pool import get_pool

        super().__init__(limits or SandboxLimits())
        self._pool = get_pool(self.limits, image=image, size=pool_size)
        self.image_identity = self._pool.image_id
        self._adopt(self._pool.acquire())

    def _adopt(self, warm: WarmContainer) -> None:
        """Serve this sandbox from ``warm``; it is destroyed with the sandbox."""
        self._warm = warm
        self.container_id = warm.id
        self.info = dict(warm.hello)
        self._client = warm.frames
        self._finalizer = weakref.finalize(self, destroy_container, warm.client, warm.id, warm.sock)

    def _replace(self) -> None:
        """Swap in a fresh container from the pool (same image and limits); destroy the old one."""
        old = self._finalizer
        try:
            warm = self._pool.acquire()
        except SandboxError:
            raise
        except Exception as exc:  # docker-py raises its own errors from create_container
            raise SandboxError(f"could not start a replacement container: {type(exc).__name__}: {exc}") from exc
        with self._lock:
            self._adopt(warm)
        old()

    def _set_reply_deadline(self, seconds: float | None) -> None:
        self._warm.set_deadline(seconds)

    def _terminate(self) -> None:
        self._finalizer()

    def _describe_death(self) -> str:
        return f"sandbox container {self.container_id[:12]} stopped answering"

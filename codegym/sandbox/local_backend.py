"""The local backend: the same runner as a host subprocess in a temporary directory.

UNSAFE: this is no security boundary. Code it runs can read and write anything your
user can, and reach the network. It exists for development on machines without
Docker; ``backend="auto"`` never picks it unless ``CODEGYM_SANDBOX=local`` is set.
"""

from __future__ import annotations

import os
import select
import shutil
import subprocess
import sys
import tempfile
import time
import weakref

from codegym.errors import SandboxError
from codegym.sandbox.base import RunnerSandbox
from codegym.sandbox.image import RUNNER_PATH
from codegym.sandbox.limits import SandboxLimits
from codegym.sandbox.protocol import FrameClient


def _stop(proc: subprocess.Popen, root: str) -> None:
    try:
        proc.stdin.close()
    except OSError:
        pass
    try:
        proc.wait(timeout=2)
    except subprocess.TimeoutExpired:
        proc.kill()
        proc.wait()
    shutil.rmtree(root, ignore_errors=True)


class LocalSandbox(RunnerSandbox):
    """Runner subprocess with rlimits in a temp dir. Development only — not isolated."""

    backend = "local"

    def __init__(self, limits: SandboxLimits | None = None) -> None:
        super().__init__(limits or SandboxLimits())
        self._start()

    def _start(self) -> None:
        """Start a runner subprocess in a new temporary directory and say hello."""
        self.root = tempfile.mkdtemp(prefix="codegym-local-")
        workspace, scratch = os.path.join(self.root, "workspace"), os.path.join(self.root, "scratch")
        os.mkdir(workspace)
        self._deadline: float | None = None
        self._proc = subprocess.Popen(
            [sys.executable, "-I", str(RUNNER_PATH), "--workspace", workspace, "--scratch", scratch],
            stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL,
            env={"PATH": os.environ.get("PATH", "/usr/bin:/bin"), "LANG": "C.UTF-8"},
            close_fds=True, start_new_session=True,
        )
        self._finalizer = weakref.finalize(self, _stop, self._proc, self.root)
        self._rfd = self._proc.stdout.fileno()
        self._client = FrameClient(self._send, self._recv)
        try:
            self._deadline = time.monotonic() + 30
            self.info = self._client.request({"op": "hello"})
        except Exception as exc:
            self._finalizer()
            raise SandboxError(f"local runner failed to start: {exc}") from exc

    def _send(self, data: bytes) -> None:
        self._proc.stdin.write(data)
        self._proc.stdin.flush()

    def _recv(self, n: int) -> bytes:
        if self._deadline is not None:
            remaining = self._deadline - time.monotonic()
            ready, _, _ = select.select([self._rfd], [], [], max(remaining, 0))
            if not ready:
                raise TimeoutError("the local runner did not reply in time")
        return os.read(self._rfd, n)

    def _set_reply_deadline(self, seconds: float | None) -> None:
        self._deadline = None if seconds is None else time.monotonic() + seconds

    def _terminate(self) -> None:
        self._finalizer()

    def _replace(self) -> None:
        """Start a fresh runner in a fresh directory; stop the old one."""
        old = self._finalizer
        try:
            with self._lock:
                self._start()
        finally:
            old()

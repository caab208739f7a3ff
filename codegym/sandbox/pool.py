"""Pre-warmed sandbox containers, so that opening a sandbox costs no container start.

A pool keeps ``size`` spare containers started in the background. Every sandbox gets
its own fresh container (nothing is shared between sandboxes); spares are only
containers that have never run anything. The first pool of a process reaps
containers left behind by dead processes.
"""

from __future__ import annotations

import atexit
import os
import threading
from collections import deque

from codegym.sandbox.docker_backend import WarmContainer, destroy_container
from codegym.sandbox.engine import docker_client, prune, resolve_image
from codegym.sandbox.limits import SandboxLimits

DEFAULT_POOL_SIZE = int(os.environ.get("CODEGYM_POOL_SIZE", "1"))

_pools: dict[tuple, "ContainerPool"] = {}
_pools_lock = threading.Lock()
_pools_pid = os.getpid()
_pruned = False


class ContainerPool:
    """Spare warm containers for one (image, limits) pair."""

    def __init__(self, client, image_id: str, limits: SandboxLimits, size: int) -> None:
        self.client = client
        self.image_id = image_id
        self.limits = limits
        self.size = max(0, size)
        self._spares: deque[WarmContainer] = deque()
        self._lock = threading.Lock()
        self._filling = False
        self._closed = False
        self._refill()

    def acquire(self) -> WarmContainer:
        """A fresh started container: a spare when one is ready, else a new one now."""
        while True:
            with self._lock:
                spare = self._spares.popleft() if self._spares else None
            if spare is None:
                warm = WarmContainer(self.client, self.image_id, self.limits)
                break
            if spare.alive():
                warm = spare
                break
            destroy_container(self.client, spare.id, spare.sock)
        self._refill()
        return warm

    def _refill(self) -> None:
        with self._lock:
            if self._filling or self._closed or len(self._spares) >= self.size:
                return
            self._filling = True
        threading.Thread(target=self._fill_loop, name="codegym-pool-fill", daemon=True).start()

    def _fill_loop(self) -> None:
        try:
            while True:
                with self._lock:
                    if self._closed or len(self._spares) >= self.size:
                        return
                try:
                    warm = WarmContainer(self.client, self.image_id, self.limits)
                except Exception:
                    return  # acquire() will surface the error synchronously
                with self._lock:
                    if self._closed:
                        destroy_container(self.client, warm.id, warm.sock)
                        return
                    self._spares.append(warm)
        finally:
            with self._lock:
                self._filling = False

    def close(self) -> None:
        with self._lock:
            self._closed = True
            spares, self._spares = list(self._spares), deque()
        for warm in spares:
            destroy_container(self.client, warm.id, warm.sock)


def get_pool(limits: SandboxLimits, image: str | None = None, size: int | None = None) -> ContainerPool:
    """The process-wide pool for these limits (created, and orphans pruned, on first use)."""
    global _pools_pid, _pruned
    with _pools_lock:
        if os.getpid() != _pools_pid:  # forked child: the parent's spares are not ours
            _pools.clear()
            _pools_pid = os.getpid()
        key = (image, limits)
        pool = _pools.get(key)
        if pool is None:
            client = docker_client()
            if not _pruned:
                prune(client)
                _pruned = True
            image_id = resolve_image(client, image)
            pool = ContainerPool(client, image_id, limits, DEFAULT_POOL_SIZE if size is None else size)
            _pools[key] = pool
        return pool


def close_pools() -> None:
    """Remove every spare container of this process (runs at exit)."""
    with _pools_lock:
        if os.getpid() != _pools_pid:
            return
        pools = list(_pools.values())
        _pools.clear()
    for pool in pools:
        pool.close()


atexit.register(close_pools)

"""A Docker engine that goes away for real: ``DOCKER_HOST`` points at a unix socket in a temp
folder that nothing listens on (nothing leaves this machine), and the test's container pools
are its own, so every sandbox opened after :meth:`EngineSwitch.down` must reach that socket.

Example:
    >>> def test_x(engine_switch):  # doctest: +SKIP
    ...     engine_switch.down(env.unwrapped.engine.runner)  # the engine, and the sandbox with it, are gone
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest

import codegym.sandbox.pool as pool_module


class EngineSwitch:
    """Turns the engine new sandboxes reach off (a dead socket) and on again (the real one)."""

    def __init__(self, monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
        self.dead = f"unix://{tmp_path}/no-engine.sock"
        self.real = os.environ.get("DOCKER_HOST")
        monkeypatch.setenv("DOCKER_HOST", self.real or "")  # restored after the test, whatever down/up did
        self.up()

    def down(self, *runners) -> None:
        """The engine stops answering; the sandboxes of ``runners`` (TestRunners) and the spare
        containers of the pools (whose clients still hold the real engine) go with it."""
        os.environ["DOCKER_HOST"] = self.dead
        for runner in runners:
            runner.close()
        pool_module.close_pools()

    def up(self) -> None:
        """The real engine answers again (safe to call from another thread)."""
        if self.real is None:
            os.environ.pop("DOCKER_HOST", None)
        else:
            os.environ["DOCKER_HOST"] = self.real


@pytest.fixture
def engine_switch(monkeypatch: pytest.MonkeyPatch, tmp_path: Path):
    """An :class:`EngineSwitch`, with container pools private to the test (closed after it)."""
    monkeypatch.setattr(pool_module, "_pools", {})
    switch = EngineSwitch(monkeypatch, tmp_path)
    yield switch
    switch.up()
    pool_module.close_pools()  # the test's own pools: their spare containers are removed


#: The switch the :func:`saboteur` agent pulls (a test sets it, e.g. with monkeypatch.setattr).
SWITCH: EngineSwitch | None = None


def saboteur(env):
    """An agent factory for ``--agent tests.dead_engine:saboteur``: at each action the engine
    (and the env's sandbox) goes away, then it plays the oracle's action."""
    core = env.unwrapped

    def policy(obs, info):
        SWITCH.down(core.engine.runner)
        return core.oracle_action()

    return policy

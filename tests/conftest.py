"""Shared fixtures: real sandboxes on the real Docker engine (started by .ci/run)."""

from __future__ import annotations

import os

import pytest

# Tests see real sandbox runs: the on-disk report store (shared across processes and
# runs) is off unless a test turns it on (tests/engine/test_report_store.py).
os.environ["CODEGYM_REPORT_STORE"] = "off"

import codegym


@pytest.fixture
def sandbox():
    """A fresh hardened Docker sandbox, closed after the test."""
    with codegym.make_sandbox("docker") as sb:
        yield sb


@pytest.fixture(params=["docker", "local"])
def any_sandbox(request):
    """The same contract on both backends."""
    with codegym.make_sandbox(request.param) as sb:
        yield sb


@pytest.fixture(scope="session")
def docker_api():
    from codegym.sandbox.engine import docker_client

    return docker_client()


@pytest.fixture
def ray_local(tmp_path, monkeypatch):
    """A local Ray cluster whose side files stay out of the real home: ``HOME`` under tmp_path
    (``ray_results``, ``~/.ray``), a short temp dir of its own (socket paths must fit in 107
    bytes), token auth off (a loopback-only test cluster, and a token minted under another
    test's HOME must not leak in). Yields the ``ray`` module; asserts nothing of Ray's
    appeared in the real home."""
    import shutil
    import tempfile
    from pathlib import Path

    ray = pytest.importorskip("ray", reason="the ray extra (pip install codegym[ray]) is not installed")
    home = Path(os.path.expanduser("~"))
    before = {p.name for p in home.iterdir()}
    (tmp_path / "home").mkdir()
    monkeypatch.setenv("HOME", str(tmp_path / "home"))
    monkeypatch.setenv("RAY_AUTH_MODE", "disabled")
    from ray.tune.trainable import trainable

    monkeypatch.setattr(trainable, "DEFAULT_STORAGE_PATH", str(tmp_path / "ray_results"))
    ray_tmp = tempfile.mkdtemp(prefix="cgray")
    ray.init(num_cpus=2, include_dashboard=False, _temp_dir=ray_tmp, log_to_driver=False)
    try:
        yield ray
    finally:
        ray.shutdown()
        shutil.rmtree(ray_tmp, ignore_errors=True)
    appeared = sorted({p.name for p in home.iterdir()} - before)
    assert not [name for name in appeared if "ray" in name.lower()], appeared

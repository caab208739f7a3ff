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

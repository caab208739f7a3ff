"""Bad input raises codegym.errors exceptions whose messages say what to do."""

from __future__ import annotations

import math

import pytest

import codegym
from codegym.errors import (
    CodegymError, ConfigError, EngineUnavailableError, ImageMissingError, PluginError, SandboxLimitError, SandboxPathError,
)


def test_unknown_backend_lists_installed_ones():
    with pytest.raises(PluginError, match=r"no plugin named 'podman'.*'docker'.*'local'"):
        codegym.make_sandbox("podman")


def test_missing_image_says_how_to_build(monkeypatch):
    with pytest.raises(ImageMissingError, match="codegym sandbox build"):
        codegym.make_sandbox("docker", image="codegym-sandbox:does-not-exist")


def test_stopped_engine_says_how_to_start_it(monkeypatch, tmp_path):
    monkeypatch.setenv("DOCKER_HOST", f"unix://{tmp_path}/no-engine.sock")
    monkeypatch.delenv("CODEGYM_SANDBOX", raising=False)
    with pytest.raises(EngineUnavailableError, match="dockerd.*CODEGYM_SANDBOX=local"):
        codegym.make_sandbox()
    from codegym.sandbox import pool

    monkeypatch.setattr(pool, "_pools", {})
    with pytest.raises(EngineUnavailableError, match="does not answer"):
        codegym.make_sandbox("docker", memory_mb=300)


def test_auto_picks_local_only_when_asked(monkeypatch):
    monkeypatch.setenv("CODEGYM_SANDBOX", "local")
    with codegym.make_sandbox() as sb:
        assert sb.backend == "local"


@pytest.mark.parametrize("path", ["../escape.py", "a/../../b.py", "/etc/passwd", "", "nul\x00.py", "."])
def test_bad_paths_refused(any_sandbox, path):
    with pytest.raises(SandboxPathError):
        any_sandbox.write_files({path: "x"})


@pytest.mark.parametrize("timeout", [-1, 0, math.inf, math.nan, 1e9, "10", True])
def test_bad_timeouts_refused(any_sandbox, timeout):
    with pytest.raises(SandboxLimitError, match="timeout"):
        any_sandbox.run_python("pass", timeout=timeout)


def test_bad_limits_and_options_refused():
    with pytest.raises(SandboxLimitError, match="memory_mb"):
        codegym.make_sandbox("local", memory_mb=-5)
    with pytest.raises(ConfigError, match="takes no option"):
        codegym.make_sandbox("local", colour="blue")


def test_bad_argv_refused(any_sandbox):
    with pytest.raises(ConfigError, match="argv"):
        any_sandbox.run("python3 -c 1")
    assert issubclass(ConfigError, CodegymError)


def test_missing_program_is_a_program_failure_not_infra(any_sandbox):
    result = any_sandbox.run(["no-such-program-xyz"])
    assert result.exit_code != 0 and not result.infra_error

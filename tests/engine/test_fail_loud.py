"""Fail loudly, early and once (issue 16): a bad backend name at construction, an unreachable
engine at the first reset, and ``on_infra_error`` for failures after that (real engine, real
dead socket; see tests/dead_engine.py)."""

from __future__ import annotations

import threading
import time
import uuid
import warnings

import numpy as np
import pytest

import codegym
from codegym.engine import Episode, TestRunner, infra
from codegym.errors import ConfigError, EngineUnavailableError, PluginError, SandboxError
from codegym.sandbox.factory import check_backend
from tests.dead_engine import engine_switch  # noqa: F401  (fixture)

TASK = "builtin/two_sum"


def _make_sandbox_error(name: str) -> str:
    with pytest.raises(PluginError) as caught:
        codegym.make_sandbox(name)
    return str(caught.value)


def _episode(**kwargs) -> Episode:
    return Episode(tasks=[TASK], default_reward={"tests": 1.0, "completion": 1.0}, **kwargs)


def _begin(episode: Episode):
    return episode.begin(np.random.default_rng(0), {"task_id": TASK})


def _unseen(episode: Episode) -> None:
    """Make the agent's files a state no run has seen (runs are memoised by content)."""
    episode.write_file("solution.py", episode.task.files["solution.py"] + f"\n# {uuid.uuid4().hex}\n")


# ---- a backend name that cannot resolve fails at construction, as make_sandbox does

def test_check_backend_names_the_installed_backends():
    assert check_backend("docker") == "docker" and check_backend("local") == "local"
    with pytest.raises(PluginError, match=r"unknown sandbox backend 'podman'.*installed: \['docker', 'local'\]"):
        check_backend("podman")
    for bad in ("", 3, None):
        with pytest.raises(ConfigError, match="backend name"):
            check_backend(bad)


def test_a_typod_backend_fails_at_construction_with_the_error_make_sandbox_raises():
    expected = _make_sandbox_error("podman")
    for build in (lambda: TestRunner("podman"), lambda: _episode(sandbox="podman")):
        with pytest.raises(PluginError) as caught:
            build()
        assert str(caught.value) == expected


def test_auto_stays_lazy_but_a_bad_codegym_sandbox_fails_at_construction(engine_switch, monkeypatch):
    engine_switch.down()
    runner = TestRunner("auto")  # no engine answers, and none is asked
    assert runner._sandbox is None and _episode().runner.spec == "auto"
    with pytest.raises(EngineUnavailableError, match="backend='auto' needs a running Docker engine"):
        runner.acquire()
    monkeypatch.setenv("CODEGYM_SANDBOX", "podman")
    with pytest.raises(PluginError, match="unknown sandbox backend 'podman'"):
        TestRunner("auto")


@pytest.mark.parametrize("value", ["ignore", "RAISE", "", None, 1, True])
def test_a_bad_on_infra_error_is_a_config_error_naming_the_choices(value):
    with pytest.raises(ConfigError, match=r"on_infra_error must be one of \['raise', 'retry', 'mark_invalid'\]"):
        _episode(on_infra_error=value)


# ---- an unreachable engine fails at the first reset

@pytest.mark.parametrize("policy", infra.ON_INFRA_ERROR)
def test_an_unreachable_engine_raises_at_the_first_reset_whatever_the_option(engine_switch, monkeypatch, policy):
    monkeypatch.setattr(infra, "RETRY_DELAYS_S", (0.01,))
    engine_switch.down()
    episode = _episode(sandbox="docker", on_infra_error=policy)
    with pytest.raises(EngineUnavailableError, match="Docker engine does not answer"):
        _begin(episode)
    assert episode.task is None  # nothing was started


def test_retry_backs_off_then_raises_saying_what_to_do(engine_switch, monkeypatch):
    monkeypatch.setattr(infra, "RETRY_DELAYS_S", (0.1, 0.2))
    engine_switch.down()
    episode = _episode(sandbox="docker", on_infra_error="retry")
    started = time.monotonic()
    with pytest.raises(EngineUnavailableError, match=r"opening the sandbox \(3 tries\).*codegym doctor") as caught:
        _begin(episode)
    assert time.monotonic() - started >= 0.3
    assert "mark_invalid" in str(caught.value) and "pass on_infra_error='retry'" not in str(caught.value)


def test_retry_recovers_when_the_engine_comes_back_during_the_backoff(engine_switch, monkeypatch):
    monkeypatch.setattr(infra, "RETRY_DELAYS_S", (1.0, 1.0))
    engine_switch.down()
    episode = _episode(sandbox="docker", on_infra_error="retry")
    revive = threading.Timer(0.3, engine_switch.up)
    revive.start()
    try:
        assert _begin(episode).id == TASK
        assert episode.run_visible_tests().total > 0
    finally:
        revive.cancel()
        episode.close()


# ---- after a working start: raise (default), or mark invalid

def test_by_default_an_infra_error_that_survives_the_rerun_raises_out_of_a_run(engine_switch):
    episode = _episode(sandbox="docker")
    try:
        _begin(episode)
        assert episode.run_visible_tests().total > 0
        engine_switch.down(episode.runner)
        _unseen(episode)
        with pytest.raises(EngineUnavailableError, match="the test run failed on the sandbox's side.*on_infra_error"):
            episode.run_visible_tests()
        with pytest.raises(EngineUnavailableError, match="run_python failed on the sandbox's side"):
            episode.run_python("print(1)")
        with pytest.raises(EngineUnavailableError):
            _begin(episode)  # and at the next reset
        engine_switch.up()
        _begin(episode)
        _unseen(episode)
        assert episode.run_visible_tests().total > 0  # back to normal once the engine answers
    finally:
        episode.close()


def test_mark_invalid_goes_on_counts_and_warns_once_per_invalid_episode(engine_switch):
    episode = _episode(sandbox="docker", on_infra_error="mark_invalid")
    try:
        _begin(episode)
        engine_switch.down(episode.runner)
        with warnings.catch_warnings(record=True) as caught:
            warnings.simplefilter("always")
            for number in (1, 2):
                _begin(episode)  # no sandbox, no error: the runs report the failure
                _unseen(episode)
                report = episode.run_visible_tests()
                assert report.infra_error
                first = episode.step(tests=report)
                second = episode.step(submit=True)
                for outcome in (first, second):
                    assert outcome.info["reward_valid"] is False and "Docker engine" in outcome.info["failure_reason"]
                    assert outcome.reward == 0.0 and outcome.info["invalid_episodes"] == number
                assert episode.verdict == "error"
        lines = [str(w.message) for w in caught if issubclass(w.category, infra.InvalidRewardWarning)]
        assert len(lines) == 2, lines
        assert "1 invalid episode(s) so far" in lines[0] and "2 invalid episode(s) so far" in lines[1]
        assert TASK in lines[0] and "Docker engine" in lines[0]
    finally:
        episode.close()


def test_an_open_sandbox_given_by_the_user_is_never_replaced_and_its_failure_raises(sandbox):
    runner = TestRunner(sandbox)
    assert runner.acquire() is sandbox
    sandbox.close()
    with pytest.raises(SandboxError, match="run_python failed on the sandbox's side"):
        runner.run_python({}, "print(1)", timeout=10)
    with pytest.raises(SandboxError, match="the sandbox given as sandbox= is closed"):
        runner.acquire()  # at the next reset
    assert runner.sandbox is sandbox

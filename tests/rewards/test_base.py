"""The plugin contract: options checking, the context, verdicts."""

from __future__ import annotations

import pytest

from codegym.errors import ConfigError
from codegym.rewards import RewardContext, RewardEpisode, RewardPlugin, RewardTerm, verdict_of
from codegym.rewards.builtin.completion import CompletionReward
from codegym.rewards.builtin.efficiency import EfficiencyReward
from codegym.rewards.builtin.quality import QualityReward
from codegym.rewards.builtin.security import SecurityReward
from codegym.rewards.builtin.shaping import ShapingReward
from codegym.rewards.builtin.tests import TestsReward
from codegym.verdict import TestReport

BUILTINS = [TestsReward, CompletionReward, QualityReward, SecurityReward, EfficiencyReward, ShapingReward]


@pytest.mark.parametrize("cls", BUILTINS, ids=lambda c: c.name)
def test_unknown_option_names_plugin_and_valid_options(cls):
    with pytest.raises(ConfigError) as info:
        cls(no_such_option=1)
    message = str(info.value)
    assert repr(cls.name) in message and "no_such_option" in message
    for option in cls.defaults:
        assert option in message


@pytest.mark.parametrize("cls", BUILTINS, ids=lambda c: c.name)
def test_builtins_build_with_defaults(cls):
    plugin = cls()
    assert isinstance(plugin, RewardPlugin) and plugin.name and plugin.description
    assert set(plugin.options) == set(cls.defaults)


@pytest.mark.parametrize("cls, options, fragment", [
    (TestsReward, {"mode": "ratio"}, "'mode' must be one of"),
    (TestsReward, {"which": "all"}, "'which'"),
    (CompletionReward, {"solved": "lots"}, "'solved' must be a finite number"),
    (CompletionReward, {"failed": float("nan")}, "'failed'"),
    (QualityReward, {"when": "sometimes"}, "'when'"),
    (QualityReward, {"cc_weight": 0, "mi_weight": 0, "sloc_weight": 0}, "at least one"),
    (SecurityReward, {"severity_weights": {"CRITICAL": 9}}, "'severity_weights'"),
    (SecurityReward, {"skip": ["assert"]}, "bandit test ids"),
    (EfficiencyReward, {"per_token": 0.1}, "'per_token' must be a number <= 0.0"),
    (ShapingReward, {"gamma": 1.5}, "'gamma'"),
    (ShapingReward, {"invalid_penalty": True}, "'invalid_penalty'"),
])
def test_bad_option_values(cls, options, fragment):
    with pytest.raises(ConfigError, match=fragment.replace("(", r"\(")) as info:
        cls(**options)
    assert repr(cls.name) in str(info.value)


def test_context_checks_verdict_and_counts(two_sum):
    with pytest.raises(ConfigError, match="verdict"):
        RewardContext(task=two_sum, files={}, verdict="won")
    with pytest.raises(ConfigError, match="steps"):
        RewardContext(task=two_sum, files={}, steps=-1)
    ctx = RewardContext(task=two_sum, files={"b.py": "", "a.py": "", "data.txt": ""}, executions=[], truncated=True)
    assert ctx.executions == () and ctx.done and list(ctx.python_files()) == ["a.py", "b.py"]


def test_verdict_of_reports():
    assert verdict_of(None) == "error"
    assert verdict_of(TestReport(infra_error=True)) == "error"
    # code whose tests time out is judged by its tests: hanging must not beat failing
    assert verdict_of(TestReport(timed_out=True, outcomes={"a": "passed", "b": "error"})) == "partial"
    assert verdict_of(TestReport(timed_out=True, outcomes={"a": "error"})) == "failed"
    assert verdict_of(TestReport(timed_out=True, outcomes={"a": "passed"})) != "solved"
    assert verdict_of(TestReport(outcomes={"a": "passed"})) == "solved"
    assert verdict_of(TestReport(outcomes={"a": "passed", "b": "failed"})) == "partial"
    assert verdict_of(TestReport(outcomes={"a": "failed"})) == "failed"
    assert verdict_of(TestReport(collect_errors=("boom",))) == "failed"


def test_term_is_frozen():
    term = RewardTerm(1.0)
    assert term.info == {}
    with pytest.raises(AttributeError):
        term.value = 2.0  # type: ignore[misc]


def test_episode_keeps_reports_and_totals(two_sum):
    episode = RewardEpisode(two_sum, max_steps=3)
    r1, r2 = TestReport(outcomes={"a": "failed"}), TestReport(outcomes={"a": "passed"})
    c1 = episode.step(files={"solution.py": "x = 1\n"}, tests=r1, tokens=10)
    assert (c1.tests, c1.previous_tests, c1.steps, c1.tokens) == (r1, None, 1, 10)
    assert c1.previous_files == dict(two_sum.files)
    c2 = episode.step(tokens=5)  # no test run: the same reports again
    assert c2.tests is r1 and c2.previous_tests is None and c2.tokens == 15 and c2.files == {"solution.py": "x = 1\n"}
    c3 = episode.step(tests=r2, hidden=True)
    assert c3.tests is r2 and c3.previous_tests is r1 and c3.hidden and c3.truncated and c3.done
    with pytest.raises(ConfigError, match="ended"):
        episode.step()
    with pytest.raises(ConfigError, match="tokens"):
        RewardEpisode(two_sum).step(tokens=-1)

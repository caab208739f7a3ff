"""RewardComposer: loading by entry point, weighting, and loud failures."""

from __future__ import annotations

import math
import textwrap

import pytest

from codegym.errors import ConfigError, PluginError, RewardError
from codegym.rewards import DEFAULT_WEIGHTS, RewardComposer, RewardContext, installed
from codegym.rewards.compose import parse_spec
from codegym.verdict import TestReport

BUILTIN_NAMES = {"tests", "completion", "quality", "security", "efficiency", "shaping"}

FAKE_PLUGINS = '''
from codegym.rewards import RewardPlugin, RewardTerm


class Boom(RewardPlugin):
    name = "boom"
    description = "raises"

    def compute(self, ctx):
        raise ZeroDivisionError("division by zero in boom")


class Infinite(RewardPlugin):
    name = "infinite"
    description = "returns inf"

    def compute(self, ctx):
        return RewardTerm(float("inf"), {})


class Bare(RewardPlugin):
    name = "bare"
    description = "returns a float"

    def compute(self, ctx):
        return 1.0


class NotAPlugin:
    pass


class Constant(RewardPlugin):
    name = "constant"
    description = "a constant"
    defaults = {"value": 2.0}

    def validate(self):
        self.check_number("value")

    def compute(self, ctx):
        return RewardTerm(self.options["value"], {"note": "constant"})
'''


@pytest.fixture
def fake_plugins(tmp_path, monkeypatch):
    """A real installed distribution (dist-info + module on sys.path) with five reward entry points."""
    (tmp_path / "fake_reward_plugins.py").write_text(FAKE_PLUGINS)
    dist = tmp_path / "fake_reward_plugins-0.1.dist-info"
    dist.mkdir()
    (dist / "METADATA").write_text("Metadata-Version: 2.1\nName: fake-reward-plugins\nVersion: 0.1\n")
    (dist / "entry_points.txt").write_text(textwrap.dedent("""\
        [codegym.rewards]
        boom = fake_reward_plugins:Boom
        infinite = fake_reward_plugins:Infinite
        bare = fake_reward_plugins:Bare
        notaplugin = fake_reward_plugins:NotAPlugin
        constant = fake_reward_plugins:Constant
        missingmodule = fake_reward_plugins_nowhere:Thing
    """))
    monkeypatch.syspath_prepend(str(tmp_path))
    yield
    import sys

    sys.modules.pop("fake_reward_plugins", None)


@pytest.fixture
def ctx(two_sum):
    report = TestReport(outcomes={"a": "passed", "b": "passed", "c": "failed"})
    return RewardContext(task=two_sum, files=dict(two_sum.reference), tests=report, hidden=True, steps=2,
                         terminated=True, verdict="partial")


def test_builtins_are_installed_entry_points():
    assert BUILTIN_NAMES <= set(installed())


def test_unknown_plugin_lists_installed():
    with pytest.raises(PluginError) as info:
        RewardComposer({"tests": 1.0, "tset": 1.0})
    message = str(info.value)
    assert "'tset'" in message
    for name in BUILTIN_NAMES:
        assert repr(name) in message


def test_weights_and_terms(ctx):
    composer = RewardComposer({"tests": 2.0, "completion": {"weight": 0.5, "options": {"partial": 4.0}}})
    total, terms = composer(ctx)
    assert terms["tests"] == {"value": 2.0, "raw": 1.0, "weight": 2.0, "info": terms["tests"]["info"]}
    assert terms["completion"]["raw"] == 4.0 and terms["completion"]["value"] == 2.0
    assert terms["completion"]["info"]["verdict"] == "partial"
    assert total == pytest.approx(4.0)
    assert list(terms) == ["tests", "completion"]


@pytest.mark.parametrize("kind", sorted(DEFAULT_WEIGHTS))
def test_default_weights_load_and_score(kind, ctx):
    total, terms = RewardComposer(DEFAULT_WEIGHTS[kind])(ctx)
    assert set(terms) == set(DEFAULT_WEIGHTS[kind]) and math.isfinite(total)
    assert total == pytest.approx(sum(t["value"] for t in terms.values()))


@pytest.mark.parametrize("spec, fragment", [
    ({}, "non-empty mapping"),
    ([("tests", 1.0)], "non-empty mapping"),
    ({"tests": "1"}, "weight must be a finite number"),
    ({"tests": float("inf")}, "weight must be a finite number"),
    ({"tests": {"weight": 1.0, "opts": {}}}, "unknown key"),
    ({"tests": {"options": []}}, "'options' must be a mapping"),
    ({"tests": {"options": {"mode": "bogus"}}}, "'mode' must be one of"),
    ({"quality": {"options": {"colour": "red"}}}, "has no option 'colour'"),
])
def test_bad_specs_are_config_errors(spec, fragment):
    with pytest.raises(ConfigError, match=fragment):
        RewardComposer(spec)


def test_spec_forms():
    assert parse_spec({"a": 1, "b": {"weight": 0.5}, "c": {"options": {"x": 1}}}) == {
        "a": (1.0, {}), "b": (0.5, {}), "c": (1.0, {"x": 1})}


def test_plugin_raising_is_a_reward_error_naming_it(fake_plugins, ctx):
    composer = RewardComposer({"tests": 1.0, "boom": 1.0})
    with pytest.raises(RewardError, match="'boom'.*ZeroDivisionError.*division by zero in boom"):
        composer(ctx)


def test_builtin_raising_at_runtime_is_named(two_sum):
    broken = RewardContext(task=two_sum, files={}, tests="not a report", terminated=True)  # type: ignore[arg-type]
    with pytest.raises(RewardError, match="'tests'"):
        RewardComposer({"completion": 1.0, "tests": 1.0})(broken)


def test_non_finite_and_wrong_types_are_reward_errors(fake_plugins, ctx):
    with pytest.raises(RewardError, match="'infinite'.*non-finite"):
        RewardComposer({"infinite": 1.0})(ctx)
    with pytest.raises(RewardError, match="'bare' returned float, not a RewardTerm"):
        RewardComposer({"bare": 1.0})(ctx)


def test_third_party_entry_points_load_with_options(fake_plugins, ctx):
    total, terms = RewardComposer({"constant": {"weight": 3.0, "options": {"value": 1.5}}})(ctx)
    assert total == 4.5 and terms["constant"]["info"] == {"note": "constant"}
    with pytest.raises(ConfigError, match="'constant' has no option 'valu'; its options are \\['value'\\]"):
        RewardComposer({"constant": {"options": {"valu": 1}}})


def test_bad_entry_points_are_plugin_errors(fake_plugins):
    with pytest.raises(PluginError, match="'notaplugin'.*not a RewardPlugin subclass"):
        RewardComposer({"notaplugin": 1.0})
    with pytest.raises(PluginError, match="'missingmodule'.*failed to load"):
        RewardComposer({"missingmodule": 1.0})

"""Each built-in plugin on real analyses (radon, bandit, tree-sitter) with hand-made test reports."""

from __future__ import annotations

import pytest

from codegym.rewards import RewardContext, RewardEpisode
from codegym.rewards.builtin.completion import CompletionReward
from codegym.rewards.builtin.efficiency import EfficiencyReward
from codegym.rewards.builtin.quality import QualityReward
from codegym.rewards.builtin.security import SecurityReward
from codegym.rewards.builtin.shaping import ShapingReward
from codegym.rewards.builtin.tests import TestsReward, expected_tests
from codegym.sandbox.result import ExecResult
from codegym.verdict import TestReport

from tests.rewards.conftest import CORRECT, INSECURE, NESTED, SYNTAX_ERROR


def report(passed: int, failed: int, **fields) -> TestReport:
    outcomes = {f"t{i}": "passed" for i in range(passed)}
    outcomes.update({f"f{i}": "failed" for i in range(failed)})
    return TestReport(outcomes=outcomes, **fields)


def context(task, source=CORRECT, **fields) -> RewardContext:
    return RewardContext(task=task, files={"solution.py": source}, **fields)


# ------------------------------------------------------------------ tests

def test_tests_per_test_and_fraction(two_sum):
    ctx = context(two_sum, tests=report(5, 2))
    assert TestsReward().compute(ctx).value == 3.0
    assert TestsReward(mode="fraction").compute(ctx).value == pytest.approx(5 / 7)
    assert TestsReward(passed_value=2.0, failed_value=0.0).compute(ctx).value == 10.0


def test_tests_zero_without_a_run(two_sum):
    term = TestsReward().compute(context(two_sum))
    assert term.value == 0.0 and "no tests" in term.info["reason"]
    empty = TestsReward().compute(context(two_sum, tests=TestReport()))
    assert empty.value == 0.0 and empty.info["reason"] == "no tests ran"


def test_tests_which_kind(two_sum):
    visible = context(two_sum, tests=report(2, 0), hidden=False)
    hidden = context(two_sum, tests=report(7, 0), hidden=True)
    assert TestsReward(which="hidden").compute(visible).value == 0.0
    assert "hidden" in TestsReward(which="hidden").compute(visible).info["reason"]
    assert TestsReward(which="hidden").compute(hidden).value == 7.0
    assert TestsReward(which="visible").compute(hidden).value == 0.0
    assert TestsReward(which="visible").compute(visible).value == 2.0


def test_broken_runs_count_unreported_tests_as_failed(two_sum):
    assert expected_tests(two_sum.hidden_tests) == 7 and expected_tests(two_sum.visible_tests) == 2
    crashed = TestReport(collect_errors=("SyntaxError: invalid syntax",), exit_code=2)
    term = TestsReward().compute(context(two_sum, SYNTAX_ERROR, tests=crashed, hidden=True))
    assert term.value == -7.0 and term.info["incomplete"] == "collection error"
    timed_out = TestReport(outcomes={"a": "passed"}, timed_out=True, error="the test run timed out")
    assert TestsReward().compute(context(two_sum, tests=timed_out, hidden=True)).value == 1 - 6
    infra = TestsReward().compute(context(two_sum, tests=TestReport(infra_error=True, error="engine gone")))
    assert infra.value == 0.0 and infra.info["invalid"] is True


# ------------------------------------------------------------------ completion

@pytest.mark.parametrize("verdict, value", [("solved", 10.0), ("partial", 5.0), ("failed", -5.0), ("timeout", -2.0)])
def test_completion_values(two_sum, verdict, value):
    assert CompletionReward().compute(context(two_sum, terminated=True, verdict=verdict)).value == value
    assert CompletionReward().compute(context(two_sum, verdict=verdict)).value == 0.0  # not the end yet


def test_completion_error_is_invalid_zero(two_sum):
    term = CompletionReward(solved=1.0).compute(context(two_sum, terminated=True, verdict="error"))
    assert term.value == 0.0 and term.info["invalid"] is True


def test_completion_options_and_inferred_verdicts(two_sum):
    assert CompletionReward(solved=1.0).compute(context(two_sum, terminated=True, verdict="solved")).value == 1.0
    hidden_end = context(two_sum, tests=report(3, 4), hidden=True, terminated=True)
    assert CompletionReward().compute(hidden_end).info == {"verdict": "partial", "source": "hidden tests"}
    assert CompletionReward().compute(context(two_sum, truncated=True)).value == -2.0
    assert CompletionReward().compute(context(two_sum, terminated=True)).value == 0.0


# ------------------------------------------------------------------ quality

def test_quality_reference_like_code_scores_zero(two_sum):
    term = QualityReward().compute(context(two_sum, CORRECT, tests=report(7, 0), terminated=True))
    assert term.value == pytest.approx(0.0, abs=0.05)


def test_quality_nested_code_scores_lower(two_sum):
    plain = QualityReward().compute(context(two_sum, CORRECT, tests=report(7, 0), terminated=True))
    nested = QualityReward().compute(context(two_sum, NESTED, tests=report(7, 0), terminated=True))
    assert nested.value < plain.value and nested.value < -0.2
    assert nested.info["solution"]["mean_cc"] > nested.info["reference"]["mean_cc"]
    assert nested.info["relative"]["cc"] < 0 and nested.info["relative"]["sloc"] < 0


def test_quality_simpler_wrong_code_earns_no_bonus(two_sum):
    trivial = "def two_sum(nums, target):\n    return None\n"
    failing = QualityReward().compute(context(two_sum, trivial, tests=report(2, 5), terminated=True))
    passing = QualityReward().compute(context(two_sum, trivial, tests=report(7, 0), terminated=True))
    ungated = QualityReward(gate_on_tests=False).compute(context(two_sum, trivial, terminated=True))
    assert ungated.value > 0.3  # simpler than the reference...
    assert failing.value == pytest.approx(ungated.value * 2 / 7)  # ...but only as good as its tests
    assert passing.value == pytest.approx(ungated.value)


def test_quality_syntax_error_penalty_and_when(two_sum):
    broken = QualityReward().compute(context(two_sum, SYNTAX_ERROR, terminated=True))
    assert broken.value == -1.0 and broken.info["syntax_errors"]["solution.py"]
    assert QualityReward(syntax_penalty=-3).compute(context(two_sum, SYNTAX_ERROR, terminated=True)).value == -3.0
    assert QualityReward().compute(context(two_sum, NESTED)).value == 0.0  # when="end": not yet
    assert QualityReward(when="always").compute(context(two_sum, NESTED, tests=report(7, 0))).value < 0


# ------------------------------------------------------------------ security

def test_security_names_bandit_ids_and_lines(two_sum):
    term = SecurityReward().compute(context(two_sum, INSECURE, terminated=True))
    assert term.value < 0
    by_id = {issue["test_id"]: issue for issue in term.info["issues"]}
    assert {"B307", "B602"} <= set(by_id) and {"B307", "B602"} <= set(term.info["ids"])
    assert by_id["B307"]["line"] == 6 and by_id["B602"]["line"] == 7
    assert by_id["B602"]["severity"] == "HIGH" and by_id["B307"]["severity"] == "MEDIUM"
    assert by_id["B307"]["path"] == "solution.py"
    expected = sum(i["weight"] for i in term.info["issues"])
    assert term.value == pytest.approx(-expected)
    assert by_id["B602"]["weight"] == 3.0 and by_id["B307"]["weight"] == 2.0


def test_security_clean_code_scores_zero(two_sum):
    term = SecurityReward().compute(context(two_sum, CORRECT, terminated=True))
    assert term.value == 0.0 and term.info["issues"] == []


def test_security_options(two_sum):
    ctx = context(two_sum, INSECURE, terminated=True)
    base = SecurityReward().compute(ctx).value
    assert SecurityReward(skip=["B602", "B404"]).compute(ctx).info["ids"] == ["B307"]
    assert SecurityReward(severity_weights={"HIGH": 10}).compute(ctx).value < base
    assert SecurityReward(max_penalty=1.0).compute(ctx).value == -1.0
    assert SecurityReward().compute(context(two_sum, INSECURE)).value == 0.0  # when="end"
    assert SecurityReward(when="always").compute(context(two_sum, INSECURE)).value == base
    asserts = context(two_sum, "def f(x):\n    assert x\n", terminated=True)
    assert SecurityReward().compute(asserts).value == 0.0  # B101 skipped by default
    assert SecurityReward(skip=[]).compute(asserts).info["ids"] == ["B101"]


def test_security_syntax_error_is_reported_not_scanned(two_sum):
    term = SecurityReward().compute(context(two_sum, SYNTAX_ERROR, terminated=True))
    assert term.value == 0.0 and "syntax error" in term.info["not_scanned"]["solution.py"]


# ------------------------------------------------------------------ efficiency

def test_efficiency_against_reference_stats(two_sum):
    stats = {"runtime_s": 0.5}
    plugin = EfficiencyReward(per_token=0.0, per_step=0.0)
    same = plugin.compute(context(two_sum, tests=report(7, 0, duration_s=0.52), terminated=True, reference_stats=stats))
    slow = plugin.compute(context(two_sum, tests=report(7, 0, duration_s=2.0), terminated=True, reference_stats=stats))
    fast = plugin.compute(context(two_sum, tests=report(7, 0, duration_s=0.25), terminated=True, reference_stats=stats))
    assert same.value == 0.0 and slow.value == pytest.approx(-0.75) and fast.value == pytest.approx(0.5)
    failing_fast = plugin.compute(context(two_sum, tests=report(1, 6, duration_s=0.1), terminated=True,
                                          reference_stats=stats))
    assert failing_fast.value == 0.0 and "gated" in failing_fast.info
    timed_out = plugin.compute(context(two_sum, tests=report(0, 7, duration_s=30, timed_out=True), terminated=True,
                                       reference_stats=stats))
    assert timed_out.value == -1.0


def test_efficiency_without_reference_uses_baseline_and_executions(two_sum):
    plugin = EfficiencyReward(baseline_s=1.0, per_token=0.0, per_step=0.0, when="always")
    quick = plugin.compute(context(two_sum, executions=(ExecResult("", "", 0, 0.2),)))
    slow = plugin.compute(context(two_sum, executions=(ExecResult("", "", 0, 1.5), ExecResult("", "", 0, 2.5))))
    assert quick.value == 0.0 and slow.value == pytest.approx(-(4.0 - 1.0) / 4.0)
    assert slow.info["runtime"]["baseline_s"] == 1.0


def test_efficiency_memory_when_measured(two_sum):
    class Measured(ExecResult):
        peak_mb = 200.0

    plugin = EfficiencyReward(per_token=0.0, per_step=0.0, runtime_weight=0.0, memory_weight=1.0, when="always")
    term = plugin.compute(context(two_sum, executions=(Measured("", "", 0, 0.1),), reference_stats={"peak_mb": 50.0}))
    assert term.value == pytest.approx(-0.75) and term.info["memory"]["measured_mb"] == 200.0
    unmeasured = plugin.compute(context(two_sum, executions=(ExecResult("", "", 0, 0.1),), reference_stats={"peak_mb": 50}))
    assert unmeasured.value == 0.0 and "not measured" in unmeasured.info["memory"]["reason"]


def test_efficiency_token_and_step_costs_once_at_the_end(two_sum):
    plugin = EfficiencyReward(per_token=-0.001, per_step=-0.1, when="always")
    middle = plugin.compute(context(two_sum, tokens=500, steps=4))
    end = plugin.compute(context(two_sum, tokens=1000, steps=5, terminated=True))
    assert middle.value == 0.0
    assert end.value == pytest.approx(-1.0 - 0.5) and end.info["cost"] == {"tokens": 1000, "steps": 5, "value": end.value}
    assert EfficiencyReward().compute(context(two_sum, tokens=1000, steps=5)).value == 0.0  # when="end"


# ------------------------------------------------------------------ shaping

def episode_sum(task, phis_and_sources, plugin=None, non_test_steps_between=0):
    plugin = plugin or ShapingReward()
    episode = RewardEpisode(task)
    total = 0.0
    for index, (fraction, source) in enumerate(phis_and_sources):
        passed = round(fraction * 10)
        last = index == len(phis_and_sources) - 1
        total += plugin.compute(episode.step(files={"solution.py": source}, tests=report(passed, 10 - passed),
                                             terminated=last and not non_test_steps_between)).value
        for extra in range(non_test_steps_between if not last else 0):
            total += plugin.compute(episode.step(tokens=3)).value
    return total


def test_shaping_telescopes(two_sum):
    direct = episode_sum(two_sum, [(0.2, CORRECT), (1.0, CORRECT)])
    wander = episode_sum(two_sum, [(0.2, CORRECT), (0.6, CORRECT), (0.1, CORRECT), (1.0, CORRECT), (0.3, CORRECT),
                                   (0.9, CORRECT), (1.0, CORRECT)])
    oscillate = episode_sum(two_sum, [(0.2, CORRECT)] + [(1.0, CORRECT), (0.0, CORRECT)] * 5 + [(1.0, CORRECT)],
                            non_test_steps_between=2)
    assert direct == pytest.approx(1.0) and wander == pytest.approx(1.0) and oscillate == pytest.approx(1.0)
    back_and_forth = episode_sum(two_sum, [(0.2, CORRECT), (1.0, CORRECT), (0.2, CORRECT)] * 3)
    assert back_and_forth == pytest.approx(0.2)  # Phi(last) - Phi(before the first run) = 0.2 - 0


def test_shaping_pays_a_report_pair_once(two_sum):
    plugin = ShapingReward()
    r0, r1 = report(2, 8), report(6, 4)
    ctx = context(two_sum, tests=r1, previous_tests=r0, steps=3)
    assert plugin.compute(ctx).value == pytest.approx(0.4)
    assert plugin.compute(ctx).value == pytest.approx(0.4)  # the same step scored again: same value
    later = context(two_sum, tests=r1, previous_tests=r0, steps=4)  # a step that ran no tests
    assert plugin.compute(later).value == 0.0
    assert plugin.compute(context(two_sum, tests=r1, previous_tests=r1, steps=5)).value == 0.0
    plugin.reset()
    assert plugin.compute(later).value == pytest.approx(0.4)


def test_shaping_reused_report_objects_still_telescope(two_sum):
    """An env may cache reports by content: the same objects recur, non-consecutively."""
    plugin = ShapingReward()
    good, bad = report(10, 0), report(0, 10)
    sequence = [(None, good), (good, bad), (bad, good), (good, bad), (bad, good)]
    values = [plugin.compute(context(two_sum, tests=t, previous_tests=p, steps=i + 1)).value
              for i, (p, t) in enumerate(sequence)]
    assert values == [1.0, -1.0, 1.0, -1.0, 1.0] and sum(values) == 1.0


def test_shaping_gamma_and_penalties(two_sum):
    ctx = context(two_sum, tests=report(10, 0), previous_tests=report(5, 5), steps=1)
    assert ShapingReward(gamma=0.9).compute(ctx).value == pytest.approx(0.9 - 0.5)
    broken = ShapingReward().compute(context(two_sum, SYNTAX_ERROR, steps=1))
    assert broken.value == -0.5 and "solution.py" in broken.info["syntax_errors"]
    assert broken.info["syntax_errors"]["solution.py"][0].startswith("line 1")
    assert ShapingReward(invalid_penalty=-2, step_cost=-0.1).compute(context(two_sum, SYNTAX_ERROR, steps=1)).value == \
        pytest.approx(-2.1)
    assert ShapingReward(step_cost=-0.1).compute(context(two_sum, CORRECT, steps=1)).value == pytest.approx(-0.1)

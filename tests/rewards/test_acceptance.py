"""End to end on builtin/two_sum: real test runs in a Docker sandbox, real analyses, default weights."""

from __future__ import annotations

import pytest

from codegym.rewards import DEFAULT_WEIGHTS, RewardComposer, RewardContext, RewardEpisode, verdict_of
from codegym.rewards.builtin.efficiency import measure_reference_stats
from codegym.verdict import run_tests

from tests.rewards.conftest import CORRECT, INSECURE, NESTED, PARTIAL, SLEEPY, SYNTAX_ERROR, WRONG


@pytest.fixture(scope="module")
def runs(two_sum, reward_sandbox):
    """Visible and hidden reports of each solution, run once per module."""
    cache = {}

    def get(source: str, hidden: bool):
        key = (source, hidden)
        if key not in cache:
            tests = two_sum.hidden_tests if hidden else two_sum.visible_tests
            cache[key] = run_tests(reward_sandbox, {"solution.py": source}, tests, timeout=30)
        return cache[key]

    return get


def play(task, composer, runs, source, tokens=400):
    """An episode: write the solution and run the visible tests, then submit (hidden tests)."""
    composer.reset()
    episode = RewardEpisode(task, max_steps=10)
    rewards = []
    visible_ctx = episode.step(files={"solution.py": source}, tests=runs(source, False), tokens=tokens)
    rewards.append(composer(visible_ctx))
    hidden = runs(source, True)
    final_ctx = episode.step(tests=hidden, hidden=True, terminated=True, verdict=verdict_of(hidden), tokens=20)
    rewards.append(composer(final_ctx))
    return sum(total for total, _ in rewards), rewards[-1]


def test_reports_are_what_the_solutions_claim(runs):
    assert runs(CORRECT, True).summary() == {"passed": 7, "failed": 0, "total": 7}
    assert runs(PARTIAL, True).summary() == {"passed": 5, "failed": 2, "total": 7}
    assert runs(WRONG, True).summary() == {"passed": 0, "failed": 7, "total": 7}


@pytest.mark.parametrize("kind", sorted(DEFAULT_WEIGHTS))
def test_correct_beats_partial_beats_wrong(two_sum, runs, kind):
    composer = RewardComposer(DEFAULT_WEIGHTS[kind])
    correct, (_, correct_terms) = play(two_sum, composer, runs, CORRECT)
    partial, (_, partial_terms) = play(two_sum, composer, runs, PARTIAL)
    wrong, _ = play(two_sum, composer, runs, WRONG)
    assert correct > partial > wrong, (kind, correct, partial, wrong)
    assert correct_terms["completion"]["info"]["verdict"] == "solved"
    assert partial_terms["completion"]["info"]["verdict"] == "partial"


def test_default_episode_values(two_sum, runs):
    composer = RewardComposer(DEFAULT_WEIGHTS["default"])
    correct, (final, terms) = play(two_sum, composer, runs, CORRECT)
    # visible step: tests +2, shaping 1 - 0; final step: tests +7, completion +10, shaping 1 - 1
    assert correct == pytest.approx(2 + 1 + 7 + 10 + 0)
    assert terms["tests"]["raw"] == 7 and terms["completion"]["raw"] == 10
    broken, _ = play(two_sum, composer, runs, SYNTAX_ERROR)
    wrong, _ = play(two_sum, composer, runs, WRONG)
    assert broken < wrong  # code that does not even import is no better than wrong code


def test_insecure_code_gets_a_negative_security_term(two_sum, runs):
    composer = RewardComposer({"tests": 1.0, "security": 1.0})
    report = runs(INSECURE, True)
    total, terms = composer(RewardContext(task=two_sum, files={"solution.py": INSECURE}, tests=report, hidden=True,
                                          terminated=True, verdict=verdict_of(report), steps=1))
    security = terms["security"]
    assert security["value"] < 0
    assert {"B307", "B602"} <= set(security["info"]["ids"])
    lines = {issue["test_id"]: issue["line"] for issue in security["info"]["issues"]}
    assert INSECURE.splitlines()[lines["B307"] - 1].strip().startswith("extra = eval(input())")
    assert "shell=True" in INSECURE.splitlines()[lines["B602"] - 1]
    _, clean = composer(RewardContext(task=two_sum, files={"solution.py": CORRECT}, tests=runs(CORRECT, True),
                                      hidden=True, terminated=True, verdict="solved", steps=1))
    assert clean["security"]["value"] == 0.0


def test_nested_code_gets_a_lower_quality_term(two_sum, runs):
    composer = RewardComposer({"quality": 1.0})
    terms = {}
    for name, source in (("plain", CORRECT), ("nested", NESTED)):
        report = runs(source, True)
        assert report.all_passed, report.failure_text()
        _, terms[name] = composer(RewardContext(task=two_sum, files={"solution.py": source}, tests=report, hidden=True,
                                                terminated=True, verdict="solved", steps=1))
    assert terms["nested"]["quality"]["value"] < terms["plain"]["quality"]["value"]
    assert terms["nested"]["quality"]["value"] < 0 <= terms["plain"]["quality"]["value"] + 1e-9


def test_sleeping_solution_gets_a_lower_efficiency_term(two_sum, reward_sandbox, runs):
    stats = measure_reference_stats(reward_sandbox, two_sum, hidden=True, runs=3)
    assert stats["runtime_s"] > 0
    composer = RewardComposer({"efficiency": {"weight": 1.0, "options": {"per_token": 0.0, "per_step": 0.0}}})
    terms = {}
    for name, source in (("reference-speed", CORRECT), ("sleepy", SLEEPY)):
        report = run_tests(reward_sandbox, {"solution.py": source}, two_sum.hidden_tests, timeout=30)
        assert report.all_passed, report.failure_text()
        _, terms[name] = composer(RewardContext(task=two_sum, files={"solution.py": source}, tests=report, hidden=True,
                                                terminated=True, verdict="solved", steps=1, reference_stats=stats))
    sleepy, quick = terms["sleepy"]["efficiency"], terms["reference-speed"]["efficiency"]
    assert sleepy["value"] < quick["value"] and sleepy["value"] < -0.3
    assert sleepy["info"]["runtime"]["measured_s"] > stats["runtime_s"] + 1.0
    # without reference stats the baseline option stands in for the reference
    baseline = RewardComposer({"efficiency": {"options": {"per_token": 0.0, "per_step": 0.0,
                                                          "baseline_s": stats["runtime_s"] * 1.5}}})
    slow_report = run_tests(reward_sandbox, {"solution.py": SLEEPY}, two_sum.hidden_tests, timeout=30)
    _, no_stats = baseline(RewardContext(task=two_sum, files={"solution.py": SLEEPY}, tests=slow_report, hidden=True,
                                         terminated=True, verdict="solved", steps=1))
    assert no_stats["efficiency"]["value"] < 0


def test_shaping_over_an_episode_depends_only_on_first_and_last_state(two_sum, runs):
    composer = RewardComposer({"shaping": 1.0})

    def shaping_sum(sources, idle_steps=0):
        composer.reset()
        episode = RewardEpisode(two_sum)
        total = 0.0
        for index, source in enumerate(sources):
            last = index == len(sources) - 1
            total += composer(episode.step(files={"solution.py": source}, tests=runs(source, True),
                                           hidden=True, terminated=last))[0]
            for _ in range(0 if last else idle_steps):  # steps that run no tests
                total += composer(episode.step(tokens=10))[0]
        return total

    start = two_sum.files["solution.py"]
    direct = shaping_sum([start, CORRECT])
    oscillating = shaping_sum([start, CORRECT, WRONG, PARTIAL, CORRECT, WRONG, CORRECT], idle_steps=2)
    expected = runs(CORRECT, True).pass_fraction  # Phi(last) - Phi(before any run) = 1 - 0
    assert direct == pytest.approx(expected) and oscillating == pytest.approx(expected)
    # ending where it started earns only that state's potential
    round_trip = shaping_sum([start, CORRECT, WRONG, start], idle_steps=1)
    assert round_trip == pytest.approx(runs(start, True).pass_fraction)

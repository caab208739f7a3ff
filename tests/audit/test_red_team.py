"""Every known family of reward hacks scores like an honest wrong answer, through the envs."""

from __future__ import annotations

import argparse

import codegym
import codegym.tasks
from codegym.audit import FAMILIES, hacks_for
from codegym.audit.runner import LEAK_MARK, AuditRow
from codegym.verdict import run_tests


def test_codegym_audit_finds_no_hack_above_honest_failure(audit_run):
    """The acceptance run: all families, builtin and HumanEval, CodeGen-v4 and CodeEdit-v4
    (one ``codegym audit`` shared with tests/audit/test_families.py; see conftest.py)."""
    from .conftest import AUDIT_TASKS, HARNESS_TASKS

    done, rows = audit_run
    assert done.returncode == 0, done.stdout + done.stderr[-3000:]
    for family in FAMILIES:
        assert f"{family} " in done.stdout
    assert "0 gamed (scored above the honest failure" in done.stdout
    runs, rank = 0, {}
    for task_id in AUDIT_TASKS:
        source = task_id.split("/")[0]
        rank[source] = rank.get(source, 0) + 1
        hacks = hacks_for(codegym.tasks.get(task_id))
        runs += len(hacks if rank[source] <= HARNESS_TASKS else [h for h in hacks if h.scope == "task"])
    assert f"{runs * 2} hack runs on {len(AUDIT_TASKS)} task(s) in 2 env(s)" in done.stdout
    assert len(rows) == runs * 2 and "wall time" in done.stdout


def test_leak_detector_fires_when_tests_are_readable():
    """Positive control: with the tests lying in the workspace, the reading hack sees them."""
    task = codegym.tasks.get("builtin/two_sum")
    hack = next(h for h in hacks_for(task, ("read_hidden_tests",)))
    leaky = {**hack.files, "copy_of_tests.py": task.hidden_tests["test_hidden.py"]}
    with codegym.make_sandbox() as sb:
        report = run_tests(sb, leaky, task.hidden_tests, per_test_timeout=5)
    assert LEAK_MARK in report.solution_output


def test_honest_and_hack_reports_match_in_detail():
    """A few hacks, compared per test with the honest wrong answer (not only by reward)."""
    task = codegym.tasks.get("builtin/two_sum")
    with codegym.make_sandbox() as sb:
        honest = run_tests(sb, task.files, task.hidden_tests, per_test_timeout=3)
        for hack in hacks_for(task, ("always_equal", "fake_output", "skip_marking", "monkeypatch_framework")):
            report = run_tests(sb, hack.files, task.hidden_tests, per_test_timeout=3)
            assert report.total == honest.total, hack.variant
            assert report.passed <= honest.passed, hack.variant
            assert not report.all_passed


def test_killed_judge_still_counts_every_test_as_failed():
    task = codegym.tasks.get("builtin/two_sum")
    hack = next(h for h in hacks_for(task, ("exit_early",)) if h.variant == "kill the whole session")  # judge included
    with codegym.make_sandbox() as sb:
        report = run_tests(sb, hack.files, task.hidden_tests, per_test_timeout=3)
        honest = run_tests(sb, task.reference, task.hidden_tests)
    assert report.total == honest.total > 0 and report.passed == 0
    assert "before reporting" in report.error


def test_gamed_rows_make_audit_exit_nonzero(monkeypatch, capsys):
    from codegym.commands import audit as audit_cli

    row = AuditRow("codegym/CodeGen-v4", "builtin/two_sum", "always_equal", "demo", 5.0, -3.0, "solved", 7)
    monkeypatch.setattr("codegym.audit.run_audit", lambda *a, **k: [row])
    args = argparse.Namespace(source=[], task=["builtin/two_sum"], sample=1, seed=0, env=[], family=["always_equal"])
    assert audit_cli.run(args) == 1
    assert "GAMED" in capsys.readouterr().out
    assert row.gamed and not AuditRow("e", "t", "f", "v", -3.0, -3.0, "failed", 0, notes={"honest_passed": 0}).gamed


def test_codeedit_tests_term_pays_each_run_once():
    import json

    import gymnasium as gym

    env = gym.make("codegym/CodeEdit-v4", tasks=["builtin/two_sum"])
    env.reset(seed=0)
    task = env.unwrapped.task
    lines = len(task.files["solution.py"].splitlines())
    env.step(json.dumps({"tool": "replace_lines", "args": {"path": "solution.py", "start_line": 1, "end_line": lines,
                                                           "text": task.reference["solution.py"]}}))
    _, first, *_ , info = env.step(json.dumps({"tool": "run_tests", "args": {}}))
    assert info["reward_terms"]["shaping"] > 0  # v2: visible runs pay potential-based progress
    _, again, *_, info = env.step(json.dumps({"tool": "list_files", "args": {}}))
    assert info["reward_terms"]["shaping"] == 0.0  # stalling after a good run earns nothing more
    env.close()


def test_a_stability_probe_is_gamed_only_when_its_runs_disagree():
    """The ``determinism`` family: the honest answer, the reference and the reference near
    the memory limit must score alike run after run, at the tasks' own per-test limits; a
    probe whose runs disagree is flagged (its runs are faked here: a real verdict that flips
    cannot be summoned on demand)."""
    from codegym.audit.runner import Episode, _close_envs, _run_hack

    task = codegym.tasks.get("builtin/two_sum")
    probes = {h.variant: h for h in hacks_for(task, ("determinism",))}
    assert len(probes) == 3 and all(h.stability and h.runs >= 2 and not h.controls for h in probes.values())
    honest_probe = next(h for h in probes.values() if h.files == task.files)
    assert any(h.files == task.reference for h in probes.values())
    squeezed = next(h for h in probes.values() if "memory" in h.variant)
    assert "_CG_SQUEEZE" in squeezed.files["solution.py"] and task.reference["solution.py"] in squeezed.files["solution.py"]

    def _env_limits():
        from codegym.audit.runner import _ENVS

        return set(_ENVS)

    def episode_of(results):
        runs = iter(results)

        def episode(env, task_, files, extra=()):
            value, passed = next(runs)
            verdict = "solved" if passed == 7 else "partial"
            return Episode(value, {"hidden_tests": {"passed": passed}, "reward_valid": True, "verdict": verdict},
                           "", 0.01, [0.01])
        return episode

    try:
        honest = Episode(2.0, {"hidden_tests": {"passed": 2}, "reward_valid": True, "verdict": "partial"}, "", 0.01, [])
        notes = {"honest_passed": 2, "honest_valid": True}
        steady = _run_hack("codegym/CodeGen-v4", task, honest_probe, episode_of([(2.0, 2), (2.0, 2)]), honest, honest,
                           notes, 1.0, 5.0)
        assert not steady.gamed and steady.notes["runs_seen"] == [[2.0, 2, True, "partial"]] * 2
        flipped = _run_hack("codegym/CodeGen-v4", task, honest_probe, episode_of([(2.0, 2), (17.0, 7)]), honest, honest,
                            notes, 1.0, 5.0)
        assert flipped.gamed and "unstable" in flipped.why and "passed 7" in flipped.why
        worse = _run_hack("codegym/CodeGen-v4", task, honest_probe, episode_of([(2.0, 2), (-1.0, 1)]),
                          honest, honest, notes, 1.0, 5.0)
        assert worse.gamed  # a run that came out worse means the verdict moved too
        assert _env_limits() == {("codegym/CodeGen-v4", None)}  # probes judge at the tasks' own limits, not the cap
        solved_twice = _run_hack("codegym/CodeGen-v4", task, probes["the reference solution, run twice"],
                                 episode_of([(17.0, 7), (17.0, 7)]), honest, honest, notes, 1.0, 5.0)
        assert not solved_twice.gamed and solved_twice.verdict == "solved"  # a probe is not blamed for being right
    finally:
        _close_envs()

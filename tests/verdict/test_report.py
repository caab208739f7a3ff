"""The host reads the judge's private report channel strictly and never raises."""

from __future__ import annotations

import json
import random

from codegym.sandbox import ExecResult
from codegym.verdict import module_names, parse_report

IDS = ["_codegym_tests/test_a.py::test_1", "_codegym_tests/test_a.py::test_2"]


def _result(report: str, exit_code: int = 0, stdout: str = "", **kwargs) -> ExecResult:
    return ExecResult(stdout=stdout, stderr="", exit_code=exit_code, duration_s=0.1, report=report, **kwargs)


def _lines(*objects) -> str:
    return "".join(json.dumps(o) + "\n" for o in objects)


ANNOUNCE = {"announce": IDS, "collect_errors": []}
GOOD = {"exit": 0, "outcomes": {i: "passed" for i in IDS}, "messages": {}, "collect_errors": []}


def test_a_clean_report_counts_announced_tests():
    report = parse_report(_result(_lines(ANNOUNCE, GOOD)))
    assert report.all_passed and report.total == 2


def test_stdout_never_carries_a_report():
    forged = "\r" + json.dumps(GOOD) + "\n\u2028" + json.dumps(ANNOUNCE)
    report = parse_report(_result(_lines(ANNOUNCE), exit_code=0, stdout=forged))
    assert report.passed == 0 and report.total == 2


def test_ids_never_announced_do_not_count():
    invented = {**GOOD, "outcomes": {**GOOD["outcomes"], **{f"x::t{i}": "passed" for i in range(1000)}}}
    report = parse_report(_result(_lines(ANNOUNCE, invented)))
    assert report.total == 2 and report.passed == 2


def test_missing_outcomes_fail_the_announced_tests():
    partial = {**GOOD, "outcomes": {IDS[0]: "passed", IDS[1]: "bogus"}}
    report = parse_report(_result(_lines(ANNOUNCE, partial)))
    assert report.passed == 1 and report.outcomes[IDS[1]] == "error"


def test_broken_runs_fail_every_announced_test():
    cases = [
        _result(_lines(ANNOUNCE)),                                   # killed before the outcomes
        _result(_lines(ANNOUNCE, GOOD), report_truncated=True),      # cut by the cap
        _result(_lines(ANNOUNCE, GOOD), exit_code=1),                # the job did not end cleanly
        _result(_lines(ANNOUNCE, {**GOOD, "exit": 3})),              # pytest internal error
        _result(_lines(ANNOUNCE, GOOD, GOOD)),                       # a second report
        _result(_lines(ANNOUNCE) + json.dumps(GOOD)),                # no final newline
        _result(_lines(ANNOUNCE, GOOD), timed_out=True),
        _result(_lines(ANNOUNCE) + "{not json\n"),
    ]
    for case in cases:
        report = parse_report(case)
        assert report.total == 2 and report.passed == 0 and not report.all_passed, case


def test_no_announce_means_nothing_passed():
    for text in ["", "\n", json.dumps(GOOD) + "\n", _lines({"announce": "x"}), _lines({"announce": [1, 2]}),
                 _lines({"announce": ["a", "a"]}, GOOD)]:
        report = parse_report(_result(text))
        assert report.passed == 0 and not report.all_passed and report.collect_errors


def test_fuzzed_reports_never_raise_and_never_pass_unannounced():
    rng = random.Random(0)
    alphabet = ["{", "}", "[", "]", '"', ":", ",", "\n", "\r", "announce", "outcomes", "passed", "exit", "0", "1",
                IDS[0], "\u2028", "\\n", " ", "null", "true"]
    for _ in range(3000):
        text = "".join(rng.choice(alphabet) for _ in range(rng.randint(0, 60)))
        report = parse_report(_result(text, exit_code=rng.choice([0, 1, -9])))
        assert set(report.outcomes) <= set(IDS) or report.passed == 0


def test_module_names_only_importable_paths():
    files = {"solution.py": "", "pkg/__init__.py": "", "pkg/mod.py": "", "_pytest.outcomes.py": "", "a-b.py": "",
             "notes.txt": ""}
    assert module_names(files) == ["pkg", "pkg.mod", "solution"]


def test_call_counts_are_read_strictly_and_never_change_the_outcomes():
    counted = {**GOOD, "stats": {"requests": 30, "pipelined": 12, "workers": 1}}
    report = parse_report(_result(_lines(ANNOUNCE, counted)))
    assert report.calls == {"requests": 30, "pipelined": 12} and report.synchronous_calls == 18
    assert report == parse_report(_result(_lines(ANNOUNCE, GOOD)))  # counts are not part of the verdict
    for junk in ({"requests": "30"}, {"requests": -1}, {"requests": 1.5, "pipelined": True}, [1, 2], "x"):
        odd = parse_report(_result(_lines(ANNOUNCE, {**GOOD, "stats": junk})))
        assert odd.calls == {} and odd.synchronous_calls == 0 and odd.all_passed

"""The on-disk report store: framed keys, what is never stored, sharing across processes."""

from __future__ import annotations

import multiprocessing
import sqlite3

import pytest

from codegym.verdict import TestReport
from codegym.verdict.store import ReportStore, cacheable, report_key, store_enabled

KEY_ARGS = dict(per_test_timeout=2.0, environment="docker:img:limits")


def test_keys_frame_every_field():
    base = report_key({"a.py": "x"}, {"t.py": "y"}, **KEY_ARGS)
    variants = [
        report_key({"a.py": "x", "": ""}, {"t.py": "y"}, **KEY_ARGS),  # an extra empty file
        report_key({"a.pyx": ""}, {"t.py": "y"}, **KEY_ARGS),  # a name/content boundary moved
        report_key({}, {"a.py": "x", "t.py": "y"}, **KEY_ARGS),  # a file moved between groups
        report_key({"a.py": "x"}, {"t.py": "y"}, per_test_timeout=3.0, environment="docker:img:limits"),
        report_key({"a.py": "x"}, {"t.py": "y"}, per_test_timeout=2.0, environment="local"),
        report_key({"a.py": "x"}, {"t.py": "y"}, harness="other", **KEY_ARGS),
    ]
    assert len({base, *variants}) == len(variants) + 1
    assert base == report_key({"a.py": "x"}, {"t.py": "y"}, **KEY_ARGS)


@pytest.mark.parametrize("report", [
    TestReport(outcomes={"t": "passed"}, infra_error=True, error="engine gone"),
    TestReport(outcomes={"t": "failed"}, timed_out=True),
    TestReport(outcomes={"t": "failed"}, messages={"t": "the solution did not finish within 2s (test timed out)"}),
    TestReport(outcomes={"t": "failed"}, exit_code=3),
    TestReport(),
])
def test_flaky_and_infra_outcomes_are_never_stored(tmp_path, report):
    store = ReportStore(tmp_path / "r.sqlite")
    assert not cacheable(report)
    assert store.put("k", report) is False and store.get("k") is None and len(store) == 0


def test_a_stored_report_comes_back_equal(tmp_path):
    store = ReportStore(tmp_path / "r.sqlite")
    report = TestReport(outcomes={"a": "passed", "b": "failed"}, messages={"b": "assert 1 == 2"},
                        collect_errors=("x",), exit_code=1, duration_s=0.25, solution_output="hi\n")
    assert store.put("k", report)
    assert store.get("k") == report and store.hits == 1


def test_a_corrupt_row_counts_as_absent(tmp_path):
    store = ReportStore(tmp_path / "r.sqlite")
    store.put("k", TestReport(outcomes={"a": "passed"}))
    db = sqlite3.connect(tmp_path / "r.sqlite")
    db.execute("UPDATE reports SET report = '{\"outcomes\": 1, \"evil\": 2}'")
    db.commit()
    assert store.get("k") is None


def _writer(path: str, worker: int) -> None:
    store = ReportStore(path)
    for i in range(50):
        store.put(f"{worker}-{i}", TestReport(outcomes={f"t{i}": "passed"}))


def test_processes_share_one_store(tmp_path):
    path = str(tmp_path / "shared.sqlite")
    procs = [multiprocessing.get_context("spawn").Process(target=_writer, args=(path, w)) for w in range(3)]
    for p in procs:
        p.start()
    for p in procs:
        p.join(60)
        assert p.exitcode == 0
    store = ReportStore(path)
    assert len(store) == 150 and store.get("2-49").outcomes == {"t49": "passed"}


def test_the_switch(monkeypatch):
    monkeypatch.setenv("CODEGYM_REPORT_STORE", "off")
    assert not store_enabled()
    monkeypatch.setenv("CODEGYM_REPORT_STORE", "on")
    assert store_enabled()

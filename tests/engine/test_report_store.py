"""The engine's runs through the on-disk report store: a second process gets the report without a run."""

from __future__ import annotations

import json
import subprocess
import sys

import codegym
from codegym.engine import TestRunner, clear_report_cache
from codegym.verdict.store import ReportStore

SCRIPT = """
import json, sys
import codegym
from codegym.engine import TestRunner
from codegym.verdict.store import ReportStore
task = codegym.tasks.get("builtin/two_sum")
runner = TestRunner("docker", report_store=ReportStore(sys.argv[1]))
report = runner.run(task.reference, task.visible_tests, per_test_timeout=5.0)
print(json.dumps({"outcomes": dict(report.outcomes), "hits": runner.store.hits, "writes": runner.store.writes}))
runner.close()
"""


def test_a_second_process_reuses_the_first_ones_report(tmp_path):
    path = str(tmp_path / "reports.sqlite")
    runs = [json.loads(subprocess.run([sys.executable, "-c", SCRIPT, path], capture_output=True, text=True,
                                      timeout=300, check=True).stdout.splitlines()[-1]) for _ in range(2)]
    assert runs[0]["writes"] == 1 and runs[0]["hits"] == 0
    assert runs[1]["hits"] == 1 and runs[1]["writes"] == 0
    assert runs[0]["outcomes"] == runs[1]["outcomes"] and all(o == "passed" for o in runs[0]["outcomes"].values())


def test_the_verdict_run_never_reads_the_store(tmp_path):
    task = codegym.tasks.get("builtin/two_sum")
    store = ReportStore(tmp_path / "r.sqlite")
    with codegym.make_sandbox("docker") as sb:
        runner = TestRunner(sb, report_store=store)
        clear_report_cache()
        runner.run(task.reference, task.hidden_tests, per_test_timeout=5.0)
        assert store.writes == 1
        clear_report_cache()
        runner.run(task.reference, task.hidden_tests, per_test_timeout=5.0, cache=False)
        assert store.hits == 0 and store.writes == 1  # not read, not written


def test_the_store_is_off_in_the_test_suite_and_by_switch():
    assert TestRunner("docker").store is None  # tests/conftest.py sets CODEGYM_REPORT_STORE=off
    assert TestRunner("docker", report_store=False).store is None

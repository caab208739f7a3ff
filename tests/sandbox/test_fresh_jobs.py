"""Untrusted Python jobs start a fresh interpreter: nothing of the runner's memory reaches them.

The runner's heap still holds earlier requests after a verdict (the judge job's stdin:
the hidden tests). A job forked from it inherits those bytes, so only trusted code (the
harness, benchmark baselines) forks warm; everything else execs a fresh interpreter.
The positive control shows the scan finds the canary where it is, so a clean result
means it is not there, not that the scan is blind.
"""

from __future__ import annotations

import pytest

from codegym.verdict import run_tests
from tests.memory_scan import found, memory_scan_source

CANARY = "hidden_canary_" + "5d1e9c07b2"

MEMORY_SCAN = memory_scan_source(CANARY)


def _judge_with_canary(sandbox) -> None:
    tests = {"test_hidden.py": f"from solution import f\n\ndef test_a():\n    secret = {CANARY!r}\n    assert f(1) == 2\n"}
    report = run_tests(sandbox, {"solution.py": "def f(x):\n    return x + 1\n"}, tests)
    assert report.all_passed, report


def _found(result) -> int:
    assert result.exit_code == 0, result
    return found(result.stdout)


def test_an_untrusted_job_after_a_verdict_holds_no_byte_of_its_hidden_tests(sandbox):
    _judge_with_canary(sandbox)
    sandbox.reset(clear_snapshot=True)
    assert _found(sandbox.run_python(MEMORY_SCAN)) == 0


def test_positive_control_a_warm_fork_does_inherit_the_runners_memory(sandbox):
    _judge_with_canary(sandbox)
    sandbox.reset(clear_snapshot=True)
    assert _found(sandbox.run_python(MEMORY_SCAN, trusted=True)) >= 1


def test_a_fresh_job_behaves_like_python_c(any_sandbox):
    any_sandbox.write_files({"helper.py": "X = 41\n"})
    result = any_sandbox.run_python("import sys, helper\nprint(helper.X + 1, sys.argv[1:], __name__)\n"
                                    "print(sys.stdin.read())\nraise ValueError('boom')", args=["a", "b"], stdin="in")
    assert result.exit_code == 1
    assert result.stdout == "42 ['a', 'b'] __main__\nin\n"
    assert 'File "<job>", line 4' in result.stderr and "ValueError: boom" in result.stderr
    assert "_job_source" not in result.stderr  # the traceback starts at the job, not the bootstrap
    exited = any_sandbox.run_python("import sys\nsys.exit('bye')")
    assert (exited.exit_code, exited.stderr.strip()) == (1, "bye")
    assert any_sandbox.run_python("raise SystemExit(7)").exit_code == 7


def test_a_fresh_job_gets_sources_too_long_for_an_argument_and_any_text(sandbox):
    big = "x = '" + "é" * 200_000 + "'\nprint(len(x), '\\udcff'.encode('utf-8', 'surrogatepass'))"
    result = sandbox.run_python(big)
    assert result.exit_code == 0, result
    assert result.stdout.startswith("200000 b'\\xed\\xb3\\xbf'")


@pytest.mark.parametrize("trusted", [False, True])
def test_both_kinds_of_job_see_only_the_standard_fds(sandbox, trusted):
    result = sandbox.run_python("import os\nprint(sorted(int(f) for f in os.listdir('/proc/self/fd')))", trusted=trusted)
    assert result.exit_code == 0, result
    assert eval(result.stdout)[:3] == [0, 1, 2] and len(eval(result.stdout)) == 4  # + the listing's own fd

"""Judge jobs run prepared: the runner runs everything of the harness but its final ``main()``
once, and every judge forked later only calls ``main()`` (see ``compile_judge`` in runner.py)."""

from __future__ import annotations

from codegym.verdict import run_tests

PREPARED = (
    "import os\n"
    "DEFINED_IN = os.getpid()\n"
    "CALLS = []\n"
    "def main():\n"
    "    CALLS.append(1)\n"
    "    print(DEFINED_IN != os.getpid(), len(CALLS))\n"
    "main()\n"
)


def test_a_judge_runs_definitions_prepared_before_it_and_starts_from_them_afresh(sandbox):
    for _ in range(3):
        result = sandbox.run_python(PREPARED, report_channel=True)
        assert result.exit_code == 0, result.stderr
        assert result.stdout == "True 1\n"  # defined in another process (the runner); no state left by the last judge


def test_a_source_without_a_final_main_call_runs_as_a_script(sandbox):
    source = "import os\nDEFINED_IN = os.getpid()\nprint(DEFINED_IN == os.getpid())\n"
    result = sandbox.run_python(source, report_channel=True)
    assert result.exit_code == 0 and result.stdout == "True\n", result.stderr


def test_a_source_whose_definitions_fail_fails_in_the_job_not_in_the_runner(sandbox):
    source = "RATIO = 1 / 0\ndef main():\n    print('never')\nmain()\n"
    result = sandbox.run_python(source, report_channel=True)
    assert result.exit_code == 1 and "ZeroDivisionError" in result.stderr and "never" not in result.stdout
    assert sandbox.run_python("print(6 * 7)").stdout == "42\n"  # the runner serves on


def test_preparing_the_harness_changes_nothing_in_the_runner(sandbox):
    """The harness lifts Python's int-digits limit for itself (long ints cross its pipes) in
    ``main()``: a warm trusted job, forked from the runner afterwards, still has the default."""
    tests = {"test_a.py": "from solution import f\n\ndef test_big():\n    assert f(10) == 10 ** 5000\n"}
    report = run_tests(sandbox, {"solution.py": "def f(x):\n    return x ** 5000\n"}, tests)
    assert report.all_passed, report.failure_text()
    probe = sandbox.run_python("import sys\nprint(sys.get_int_max_str_digits())", trusted=True)
    assert probe.stdout == "4300\n", probe.stdout + probe.stderr

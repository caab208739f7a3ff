"""The verdict: "run these tests on these files, give me a report and a verdict".

One home for everything that judges code: :func:`run_tests` (through the trusted
harness in ``sandboxed/``, a script sent into the sandbox), :class:`TestReport` and
:func:`parse_report` (the judge's private report channel, read strictly), the verdict
names :data:`VERDICTS` and :func:`verdict_of`, failure-signal parsing
(:func:`failure_signals`) and the tests-folder name :data:`TEST_DIR`.

Example:
    >>> from codegym.verdict import TestReport, verdict_of
    >>> verdict_of(TestReport(outcomes={"test_a": "passed", "test_b": "failed"}))
    'partial'
    >>> report = run_tests(sandbox, {"solution.py": src}, task.hidden_tests)  # doctest: +SKIP
"""

from codegym.verdict.report import OUTCOMES, TEST_DIR, TestReport, module_names, parse_report
from codegym.verdict.run import harness_source, run_tests, worker_source
from codegym.verdict.signals import EXCEPTION_KINDS, FailureSignals, failure_signals
from codegym.verdict.verdicts import VERDICTS, verdict_of

__all__ = [
    "EXCEPTION_KINDS", "OUTCOMES", "TEST_DIR", "VERDICTS", "FailureSignals", "TestReport", "failure_signals",
    "harness_source", "module_names", "parse_report", "run_tests", "verdict_of", "worker_source",
]

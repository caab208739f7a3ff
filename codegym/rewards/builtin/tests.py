"""``tests``: reward for passing tests.

``mode="per_test"`` gives ``passed_value`` (+1) per passed and ``failed_value`` (-1) per
failed test; ``mode="fraction"`` gives passed/total in [0, 1]. ``which`` restricts the
term to one kind of run (``visible`` or ``hidden``); another kind scores 0.

A run that broke before reporting every test (collection error such as a syntax error,
timeout, crash) counts the tests it never reported as failed, using the number of
test functions in the task's test files, so breaking the code is never better than
failing the tests. An infrastructure failure scores 0 and is flagged ``invalid``.
"""

from __future__ import annotations

import ast
from typing import Mapping

from codegym.rewards import cache
from codegym.rewards.base import RewardContext, RewardPlugin, RewardTerm


def _count_tests(source: str) -> int:
    try:
        tree = ast.parse(source)
    except (SyntaxError, ValueError):
        return 0
    count = 0
    for node in ast.walk(tree):
        if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)) and node.name.startswith("test"):
            count += 1
    return count


def expected_tests(test_files: Mapping[str, str]) -> int:
    """Number of test functions in ``test_files`` (cached; parametrized tests count once)."""
    return sum(cache.cached("count-tests", text, _count_tests) for name, text in test_files.items() if name.endswith(".py"))


class TestsReward(RewardPlugin):
    """+1 per passed and -1 per failed test (or the pass fraction) of the latest test run."""

    __test__ = False  # not a pytest test class

    name = "tests"
    description = "reward for passing tests: +1/-1 per passed/failed test, or the pass fraction"
    defaults = {"mode": "per_test", "which": "any", "passed_value": 1.0, "failed_value": -1.0}

    def validate(self) -> None:
        self.check_choice("mode", ("per_test", "fraction"))
        self.check_choice("which", ("any", "visible", "hidden"))
        self.check_number("passed_value")
        self.check_number("failed_value")

    def compute(self, ctx: RewardContext) -> RewardTerm:
        report = ctx.tests
        kind = "hidden" if ctx.hidden else "visible"
        if report is None:
            return RewardTerm(0.0, {"reason": "no tests ran yet"})
        if not ctx.tests_ran:
            return RewardTerm(0.0, {"reason": "no tests ran at this step (each run is paid once)"})
        if self.options["which"] != "any" and self.options["which"] != kind:
            return RewardTerm(0.0, {"reason": f"the latest run is {kind}; this term scores {self.options['which']} runs only",
                                    "run": kind})
        if report.infra_error:
            return RewardTerm(0.0, {"invalid": True, "reason": f"the sandbox failed: {report.error}", "run": kind})
        passed, total = report.passed, report.total
        incomplete = bool(report.collect_errors or report.timed_out or report.error)
        if incomplete:
            expected = expected_tests(ctx.task.hidden_tests if ctx.hidden else ctx.task.visible_tests)
            total = max(total, expected)
        failed = total - passed
        info = {"run": kind, "passed": passed, "failed": failed, "total": total}
        if incomplete:
            info["incomplete"] = report.error or ("timed out" if report.timed_out else "collection error")
        if total == 0:
            return RewardTerm(0.0, {**info, "reason": "no tests ran"})
        if self.options["mode"] == "fraction":
            value = passed / total
        else:
            value = passed * self.options["passed_value"] + failed * self.options["failed_value"]
        return RewardTerm(value, info)

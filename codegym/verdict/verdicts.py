"""The verdict names an episode can end with, and the verdict a final test report stands for.

Example:
    >>> from codegym.verdict import TestReport, verdict_of
    >>> verdict_of(TestReport(outcomes={"a": "passed", "b": "failed"}))
    'partial'
"""

from __future__ import annotations

from codegym.verdict.report import TestReport

#: The verdicts an episode can end with. ``timeout``: the step budget ran out before a
#: submission; ``error``: an infrastructure failure (the episode says nothing about the agent).
VERDICTS = ("solved", "partial", "failed", "timeout", "error")


def verdict_of(report: TestReport | None) -> str:
    """The verdict a final (hidden) test report stands for: solved, partial, failed or error.

    Example:
        >>> verdict_of(TestReport(outcomes={"a": "passed"}))
        'solved'
        >>> verdict_of(None)
        'error'
    """
    if report is None or report.infra_error:
        return "error"
    if report.all_passed:
        return "solved"
    return "partial" if report.passed else "failed"

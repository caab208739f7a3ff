"""The one info schema of every codegym env (same keys, same meaning, batchable values).

====================  ==========================================================================
key                   meaning
====================  ==========================================================================
``task_id``           the episode's task id (str)
``verdict``           ``""`` while the episode runs, then one of ``VERDICTS`` (str)
``tests``             the latest visible run: ``{"passed", "failed", "total"}`` (ints; zeros before any run)
``hidden_tests``      the verdict run of the hidden tests, same keys (zeros until the episode is judged)
``reward_terms``      ``{term: value}`` of the step's reward (floats; the same keys at every step,
                      ``invalid_action`` included); details: ``env.unwrapped.reward_details()``
``reward_valid``      False when the reward says nothing about the agent (infrastructure failure)
``failure_reason``    why the reward is invalid (engine gone, container killed, harness crash), else ``""``
``action_error``      why the step's action was refused (the agent's fault), else ``""``
``curriculum``        the curriculum's state (a dict with fixed keys per curriculum)
``invalid_episodes``  running count of this env's episodes whose reward was invalid (int; only
                      ``on_infra_error="mark_invalid"`` lets infrastructure failures reach it)
====================  ==========================================================================

Example:
    >>> tests_summary(None)
    {'passed': 0, 'failed': 0, 'total': 0}
"""

from __future__ import annotations

from codegym.verdict import TestReport

INFO_KEYS: tuple[str, ...] = ("task_id", "verdict", "tests", "hidden_tests", "reward_terms", "reward_valid",
                              "failure_reason", "action_error", "curriculum", "invalid_episodes")


def tests_summary(report: TestReport | None) -> dict[str, int]:
    """``{"passed", "failed", "total"}`` of a report (zeros for no report)."""
    if report is None:
        return {"passed": 0, "failed": 0, "total": 0}
    return report.summary()

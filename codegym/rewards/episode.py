"""Building consistent :class:`RewardContext` objects over an episode.

An env (or a test, or a script replaying a trajectory) tells :class:`RewardEpisode`
what each step did; it keeps the episode's bookkeeping (latest and previous test
reports, previous files, step and token totals) so every plugin sees the contract's
meaning of each field.

Example:
    >>> episode = RewardEpisode(task)  # doctest: +SKIP
    >>> ctx = episode.step(files={"solution.py": src}, tests=report, tokens=120)  # doctest: +SKIP
    >>> total, terms = composer(ctx)  # doctest: +SKIP
"""

from __future__ import annotations

from typing import Any, Iterable, Mapping

from codegym.errors import ConfigError
from codegym.rewards.base import RewardContext
from codegym.sandbox.result import ExecResult
from codegym.tasks.model import Task
from codegym.verdict import TestReport


class RewardEpisode:
    """The running state of one episode, turned into a RewardContext at each step."""

    def __init__(self, task: Task, files: Mapping[str, str] | None = None, *, max_steps: int | None = None,
                 reference_stats: Mapping[str, Any] | None = None) -> None:
        self.task = task
        self.files: dict[str, str] = dict(task.files if files is None else files)
        self.max_steps = max_steps
        self.reference_stats = dict(reference_stats or {})
        self.tests: TestReport | None = None
        self.previous_tests: TestReport | None = None
        self.hidden = False
        self.steps = 0
        self.tokens = 0
        self.done = False

    def observe(self, tests: TestReport) -> None:
        """Set the starting state's report without a step (a run made at reset): progress is measured from it."""
        self.tests = self.previous_tests = tests
        self.hidden = False

    def step(self, files: Mapping[str, str] | None = None, tests: TestReport | None = None, *, hidden: bool = False,
             executions: Iterable[ExecResult] = (), action: Any = None, tokens: int = 0, terminated: bool = False,
             truncated: bool = False, verdict: str | None = None) -> RewardContext:
        """Record one step: the files after it (None: unchanged), the test report it produced (None: no run)."""
        if self.done:
            raise ConfigError("this episode has ended; start a new RewardEpisode")
        if isinstance(tokens, bool) or not isinstance(tokens, int) or tokens < 0:
            raise ConfigError(f"tokens must be an int >= 0 (tokens emitted at this step), got {tokens!r}")
        self.steps += 1
        self.tokens += tokens
        previous_files = self.files
        if files is not None:
            self.files = dict(files)
        # a run whose report is the very report the state already has (a memoised rerun of
        # unchanged files) is no news: it is paid once, when it first arrived
        ran = tests is not None and not (tests is self.tests and hidden == self.hidden)
        if ran:
            self.previous_tests, self.tests, self.hidden = self.tests, tests, hidden
        if self.max_steps is not None and self.steps >= self.max_steps and not terminated:
            truncated = True
        self.done = terminated or truncated
        return RewardContext(
            task=self.task, files=dict(self.files), tests=self.tests, hidden=self.hidden,
            previous_tests=self.previous_tests, previous_files=previous_files, executions=tuple(executions),
            action=action, steps=self.steps, max_steps=self.max_steps, tokens=self.tokens, terminated=terminated,
            truncated=truncated, verdict=verdict, reference_stats=self.reference_stats, tests_ran=ran,
        )

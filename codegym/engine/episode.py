"""The episode engine: one coding episode's state, its runs, its rewards and its end.

See :mod:`codegym.engine` for the public API.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Iterable, Mapping, Sequence

import numpy as np

from codegym.engine import infra
from codegym.engine.info import tests_summary
from codegym.engine.runner import TestRunner
from codegym.engine.selection import choose_task, resolve_tasks
from codegym.errors import ConfigError
from codegym.rewards.compose import RewardComposer
from codegym.rewards.episode import RewardEpisode
from codegym.sandbox import ExecResult, Sandbox
from codegym.tasks import Task, TaskSet
from codegym.tasks.curriculum import Curriculum, make_curriculum
from codegym.verdict import VERDICTS, TestReport, verdict_of

DEFAULT_AGENT = "agent"
ENDED = "the episode has ended; call reset() before stepping again"
INVALID_ACTION = "invalid_action"


@dataclass(frozen=True)
class StepOutcome:
    """What one step gave one agent: its reward, whether the episode ended, and the info dict."""

    reward: float
    terminated: bool
    truncated: bool
    info: dict


@dataclass
class Seat:
    """One agent's reward bookkeeping: its composer, its RewardEpisode and its latest terms."""

    name: str
    composer: RewardComposer
    book: RewardEpisode | None = None
    terms: dict = field(default_factory=dict)
    episode_return: float = 0.0
    settled: bool = False

    def term_values(self) -> dict[str, float]:
        """``{term: value}`` with the same keys at every step (zeros before the first)."""
        values = {name: 0.0 for name in self.composer.names}
        values[INVALID_ACTION] = 0.0
        for name, term in self.terms.items():
            values[name] = float(term["value"])
        return values


def check_budget(max_steps: Any) -> int | None:
    """``max_steps`` as an int >= 1, or None (no limit); a ConfigError otherwise."""
    if max_steps is None:
        return None
    if isinstance(max_steps, (bool, np.bool_)) or not isinstance(max_steps, (int, np.integer)) or int(max_steps) < 1:
        raise ConfigError(f"max_steps must be an int >= 1 (the step at which the episode is judged) or None "
                          f"(no limit), got {max_steps!r}")
    return int(max_steps)


def _reward_specs(reward: Any, default: Mapping[str, Any], agents: Sequence[str]) -> dict[str, Any]:
    if reward is None:
        return {agent: dict(default) for agent in agents}
    if len(agents) > 1 and isinstance(reward, Mapping) and set(reward) == set(agents):
        return {agent: reward[agent] for agent in agents}
    return {agent: reward for agent in agents}


class Episode:
    """One coding episode at a time: task, files, sandbox, test runs, rewards per agent, budget, verdict."""

    def __init__(self, *, tasks: Any = None, default_tasks: str = "builtin", curriculum: Any = None,
                 reward: Any = None, default_reward: Mapping[str, Any] | None = None,
                 agents: Sequence[str] = (DEFAULT_AGENT,), sandbox: str | Sandbox = "auto",
                 max_steps: int | None = None, invalid_action_penalty: float = -1.0,
                 test_timeout_s: float | None = None, per_test_timeout_s: float | None = None,
                 report_store: Any = None, on_infra_error: str = infra.DEFAULT_ON_INFRA_ERROR) -> None:
        if not agents or len(set(agents)) != len(agents) or not all(isinstance(a, str) and a for a in agents):
            raise ConfigError(f"agents must be distinct non-empty names, got {agents!r}")
        if isinstance(invalid_action_penalty, bool) or not isinstance(invalid_action_penalty, (int, float)):
            raise ConfigError(f"invalid_action_penalty must be a number, got {invalid_action_penalty!r}")
        self.taskset: TaskSet = resolve_tasks(tasks, default_tasks)
        self.curriculum: Curriculum = make_curriculum(curriculum, self.taskset)
        specs = _reward_specs(reward, default_reward or {"tests": 1.0, "completion": 1.0}, agents)
        self.seats: dict[str, Seat] = {agent: Seat(agent, RewardComposer(specs[agent])) for agent in agents}
        self.runner = TestRunner(sandbox, test_timeout_s, report_store, on_infra_error)
        self.max_steps = check_budget(max_steps)
        self.invalid_action_penalty = float(invalid_action_penalty)
        self.per_test_timeout_s = per_test_timeout_s
        self.task: Task | None = None
        self.files: dict[str, str] = {}
        self.steps = 0
        self.done = True
        self.verdict = ""
        self.tests: TestReport | None = None
        self.final: TestReport | None = None
        self.action_error = ""
        self.failure_reason = ""
        self.invalid_episodes = 0  # episodes of this engine whose reward was invalid
        self._invalid_counted = False

    # ---------------------------------------------------------------- lifecycle
    def set_budget(self, max_steps: int | None) -> None:
        """The step at which the episode is judged ``timeout`` (None: no limit)."""
        self.max_steps = check_budget(max_steps)
        for seat in self.seats.values():
            if seat.book is not None and len(self.seats) == 1:
                seat.book.max_steps = self.max_steps

    def begin(self, rng: np.random.Generator, options: dict | None = None) -> Task:
        """Start a new episode: draw the task (``options={"task_id": ...}`` picks one), reset files and rewards.

        An episode left open (cut from outside, e.g. by a TimeLimit whose limit the engine
        was not told) is reported to the curriculum as not solved first. The sandbox is
        acquired here (cheap once open): one that cannot be had raises, e.g.
        :class:`~codegym.errors.EngineUnavailableError` (see ``on_infra_error``).
        """
        self.runner.acquire()
        if self.task is not None and not self.done and self.steps > 0:
            self.curriculum.update(self.task, False)
        task = choose_task(self.taskset, self.curriculum, rng, options)
        self.task = task
        self.files = dict(task.files)
        self.steps = 0
        self.done = False
        self.verdict = ""
        self.tests = self.final = None
        self.action_error = self.failure_reason = ""
        self._invalid_counted = False
        budget = self.max_steps if len(self.seats) == 1 else None
        for seat in self.seats.values():
            seat.composer.reset()
            seat.book = RewardEpisode(task, self.files, max_steps=budget)
            seat.terms, seat.episode_return, seat.settled = {}, 0.0, False
        return task

    def close(self) -> None:
        """Close the sandbox (when the engine opened it)."""
        self.runner.close()

    # ---------------------------------------------------------------- files and runs
    def write_file(self, path: str, text: str) -> bool:
        """Set one agent-visible file; True when its content changed."""
        changed = self.files.get(path) != text
        self.files[path] = text
        return changed

    def test_limit(self, suite: str = "hidden") -> float:
        """Seconds each test of ``suite`` (visible or hidden) may take: the task's limit, fitted
        to its reference's time (``Task.test_limit_s``), or less when the env says so."""
        limit = self.task.test_limit_s(suite)
        return min(limit, self.per_test_timeout_s) if self.per_test_timeout_s else limit

    @property
    def per_test_timeout(self) -> float:
        """Seconds each hidden test may take (see :meth:`test_limit`)."""
        return self.test_limit("hidden")

    def run_visible_tests(self) -> TestReport:
        """The task's visible tests against every agent file (memoised by content); the state's latest run."""
        visible = self.task.visible_tests or {}
        if not visible:
            report = TestReport(error="this task has no visible tests")
        else:
            report = self.runner.run(self.files, visible, per_test_timeout=self.test_limit("visible"))
        self.tests = report
        return report

    def observe_start(self, report: TestReport) -> None:
        """Make ``report`` (a run at reset) the state every agent's progress is measured from."""
        self.tests = report
        for seat in self.seats.values():
            seat.book.observe(report)

    def run_python(self, code: str, timeout: float | None = None) -> ExecResult:
        """``code`` next to the agent's files in an emptied workspace (sandbox failures are results)."""
        return self.runner.run_python(self.files, code, float(timeout or self.task.timeout_s))

    # ---------------------------------------------------------------- the end
    def end(self, verdict: str | None = None, reason: str = "") -> str:
        """End the episode, once: the one place a verdict is set and the curriculum hears of it.

        ``None`` (a submission) or ``"timeout"`` (the budget ran out) run the hidden tests
        on every agent file, afresh; ``None`` takes their verdict. Another verdict (an
        unusable submission: ``"failed"``) runs nothing, and every hidden test counts as
        failed. An infrastructure failure of the verdict run makes the verdict ``error``.
        """
        if self.done:
            return self.verdict
        if verdict is None or verdict == "timeout":
            report = self.runner.run(self.files, self.task.hidden_tests, per_test_timeout=self.per_test_timeout,
                                     cache=False)
            judged = verdict_of(report)
            verdict = "error" if judged == "error" else (verdict or judged)
        elif verdict in VERDICTS:
            report = TestReport(error=reason or f"the episode ended with verdict {verdict} without a test run")
        else:
            raise ConfigError(f"verdict must be one of {list(VERDICTS)} or None, got {verdict!r}")
        self.final, self.verdict, self.done = report, verdict, True
        if verdict != "error":
            self.curriculum.update(self.task, verdict == "solved")
        return verdict

    # ---------------------------------------------------------------- steps and rewards
    def step(self, agent: str = DEFAULT_AGENT, *, tests: TestReport | None = None,
             executions: Iterable[ExecResult] = (), action: Any = None, tokens: int = 0, problem: str = "",
             submit: bool = False, verdict: str | None = None) -> StepOutcome:
        """Account for one action of ``agent`` and return its reward.

        ``tests`` is the visible run the action made, ``problem`` why the action was
        refused (it costs ``invalid_action_penalty``), ``submit`` ends the episode with
        the hidden tests' verdict (``verdict`` forces one, e.g. ``"failed"`` for an
        unusable submission). The step that exhausts the budget ends it ``timeout``.
        """
        seat = self._seat(agent)
        if self.done or self.task is None:
            self.action_error, self.failure_reason = ENDED, ""
            seat.terms = {}
            return StepOutcome(0.0, True, False, self.info(agent))
        executions = tuple(executions)
        self.steps += 1
        self.action_error = problem
        terminated = truncated = False
        if submit or verdict is not None:
            self.end(verdict, reason=problem)
            terminated = True
        elif self.max_steps is not None and self.steps >= self.max_steps:
            self.end("timeout")
            truncated = True
        report, hidden = (self.final, True) if self.done else (tests, False)
        ctx = seat.book.step(files=self.files, tests=report, hidden=hidden, executions=executions, action=action,
                             tokens=tokens, terminated=terminated, truncated=truncated, verdict=self.verdict or None)
        reward = self._compose(seat, ctx, problem)
        if self.done:
            seat.settled = True
        self.failure_reason = _failure_reason(tests, self.final if self.done else None, executions, seat.terms)
        self._count_invalid()
        return StepOutcome(reward, terminated, truncated, self.info(agent))

    def settle(self, agent: str, action: Any = None) -> StepOutcome:
        """The terminal reward of an agent that did not act on the last step (multi-agent views);
        ``action`` reaches its reward plugins as ``RewardContext.action`` (e.g. an event dict)."""
        seat = self._seat(agent)
        if not self.done or seat.settled:
            seat.terms = {}
            return StepOutcome(0.0, self.done, False, self.info(agent))
        seat.settled = True
        truncated = self.verdict == "timeout"
        ctx = seat.book.step(files=self.files, tests=self.final, hidden=True, terminated=not truncated,
                             truncated=truncated, verdict=self.verdict or None, action=action)
        reward = self._compose(seat, ctx, "")
        return StepOutcome(reward, not truncated, truncated, self.info(agent))

    def _count_invalid(self) -> None:
        """Count this episode as invalid, and warn, at its first step with an invalid reward."""
        if self.failure_reason and not self._invalid_counted:
            self._invalid_counted = True
            self.invalid_episodes += 1
            infra.warn_invalid_episode(self.task.id if self.task is not None else "?", self.failure_reason,
                                       self.invalid_episodes)

    def _seat(self, agent: str) -> Seat:
        if agent not in self.seats:
            raise ConfigError(f"unknown agent {agent!r}; this episode's agents are {list(self.seats)}")
        return self.seats[agent]

    def _compose(self, seat: Seat, ctx: Any, problem: str) -> float:
        total, terms = seat.composer(ctx)
        penalty = self.invalid_action_penalty if problem else 0.0
        terms[INVALID_ACTION] = {"value": penalty, "raw": -1.0 if problem else 0.0,
                                 "weight": -self.invalid_action_penalty, "info": {"error": problem} if problem else {}}
        seat.terms = terms
        reward = float(total) + penalty
        seat.episode_return += reward
        return reward

    # ---------------------------------------------------------------- what the agent and the trainer see
    def info(self, agent: str = DEFAULT_AGENT) -> dict:
        """The info schema (see :mod:`codegym.engine.info`): same keys in every env, every step."""
        seat = self._seat(agent)
        return {
            "task_id": self.task.id if self.task is not None else "",
            "verdict": self.verdict,
            "tests": tests_summary(self.tests),
            "hidden_tests": tests_summary(self.final),
            "reward_terms": seat.term_values(),
            "reward_valid": not self.failure_reason,
            "failure_reason": self.failure_reason,
            "action_error": self.action_error,
            "curriculum": self.curriculum.info(),
            "invalid_episodes": self.invalid_episodes,
        }

    def reward_details(self, agent: str = DEFAULT_AGENT) -> dict:
        """The latest step's terms in full: ``{term: {"value", "raw", "weight", "info"}}``."""
        return dict(self._seat(agent).terms)


def _failure_reason(tests: TestReport | None, final: TestReport | None, executions: Sequence[ExecResult],
                    terms: Mapping[str, Mapping]) -> str:
    """Why this step's reward says nothing about the agent ('' when it does)."""
    for report in (tests, final):
        if report is not None and report.infra_error:
            return f"sandbox failure: {report.error}" if not report.error.startswith("sandbox failure") else report.error
    for result in executions:
        if result.infra_error:
            return f"sandbox failure: {result.infra_message}"
    for name, term in terms.items():
        details = term.get("info") if isinstance(term, Mapping) else None
        if isinstance(details, Mapping) and details.get("invalid"):
            return f"reward term {name!r}: {details.get('reason', 'invalid')}"
    return ""

"""What every codegym single-agent env shares: tasks, curriculum, sandbox, rewards, verdicts.

The env keeps the authoritative copy of the agent's files on the host. Every execution
starts from an emptied workspace into which the current files (and, for test runs,
the tests) are written, so nothing a job leaves behind survives into the next one.
The final verdict runs the *hidden* tests against the solution files only.
"""

from __future__ import annotations

import hashlib
from collections import OrderedDict
from typing import Any, Mapping, Sequence

import gymnasium as gym

from codegym.curriculum import Curriculum, make_curriculum
from codegym.errors import CodegymError, ConfigError, SandboxError, TaskError
from codegym.rewards.base import verdict_of as verdict_for
from codegym.rewards.compose import RewardComposer
from codegym.rewards.episode import RewardEpisode
from codegym.sandbox import Sandbox, make_sandbox
from codegym.task import Task
from codegym.taskset import TaskSet
from codegym.testrun import TestReport, run_tests

VERDICTS = ("solved", "partial", "failed", "timeout", "error")
_REPORT_CACHE: "OrderedDict[str, TestReport]" = OrderedDict()
_REPORT_CACHE_SIZE = 4096


def _content_key(files: Mapping[str, str], tests: Mapping[str, str]) -> str:
    """sha256 over both groups with every field framed: each group is prefixed by its number
    of files and each name and content by its byte length, so no name or content (a NUL,
    say) can fake a file or group boundary and share another state's key."""
    digest = hashlib.sha256()
    for group in (files, tests):
        digest.update(len(group).to_bytes(8, "big"))
        for name in sorted(group):
            for field in (name, group[name]):
                data = field.encode("utf-8", "surrogatepass")
                digest.update(len(data).to_bytes(8, "big") + data)
    return digest.hexdigest()
RENDER_MODES = ("ansi", "human")


def resolve_tasks(tasks: str | TaskSet | Sequence[str] | Mapping | None, default: str) -> TaskSet:
    """A TaskSet from a source name, a TaskSet, a list of task ids, or ``{"source": ..., **options}``."""
    import codegym.tasks

    if tasks is None:
        tasks = default
    if isinstance(tasks, TaskSet):
        chosen = tasks
    elif isinstance(tasks, str):
        chosen = codegym.tasks.load(tasks)
    elif isinstance(tasks, Mapping):
        options = dict(tasks)
        source = options.pop("source", default)
        split = options.pop("split", None)
        difficulty = options.pop("difficulty", None)
        chosen = codegym.tasks.load(source, **options)
        if split:
            chosen = chosen.split(split)
        if difficulty is not None:
            chosen = chosen.filter(difficulty=difficulty)
    elif isinstance(tasks, Sequence) and all(isinstance(t, str) for t in tasks):
        chosen = TaskSet([codegym.tasks.get(t) for t in tasks], name="selected")
    else:
        raise ConfigError(f"tasks= must be a source name, a TaskSet, a list of task ids or a dict, got {tasks!r}")
    if len(chosen) == 0:
        raise ConfigError(f"tasks={tasks!r} selects no task")
    return chosen


class CodingEnv(gym.Env):
    """Base class: subclasses define spaces, ``_observe`` and ``step``."""

    metadata = {"render_modes": list(RENDER_MODES), "render_fps": 4}
    default_tasks: str = "builtin"
    default_reward: Mapping[str, Any] = {"tests": 1.0, "completion": 1.0, "shaping": 1.0}

    def __init__(self, tasks: Any = None, curriculum: str | dict | Curriculum | None = None,
                 reward: Mapping[str, Any] | None = None, sandbox: str | Sandbox = "auto",
                 render_mode: str | None = None, max_steps: int | None = None,
                 invalid_action_penalty: float = -1.0, test_timeout_s: float | None = None,
                 per_test_timeout_s: float | None = None) -> None:
        if render_mode is not None and render_mode not in RENDER_MODES:
            raise ConfigError(f"render_mode must be one of {list(RENDER_MODES)} or None, got {render_mode!r}")
        self.render_mode = render_mode
        self.taskset = resolve_tasks(tasks, self.default_tasks)
        self.curriculum = make_curriculum(curriculum, self.taskset)
        self.rewards = RewardComposer(dict(self.default_reward) if reward is None else reward)
        if not isinstance(sandbox, (str, Sandbox)):
            raise ConfigError(f"sandbox= must be a backend name or an open Sandbox, got {type(sandbox).__name__}")
        self._sandbox_spec = sandbox
        self._sandbox: Sandbox | None = sandbox if isinstance(sandbox, Sandbox) else None
        self.max_steps = max_steps
        self.invalid_action_penalty = float(invalid_action_penalty)
        self.test_timeout_s = test_timeout_s
        self.per_test_timeout_s = per_test_timeout_s
        self.task: Task | None = None
        self.files: dict[str, str] = {}
        self.episode: RewardEpisode | None = None
        self.done = True
        self.last_tests: TestReport | None = None
        self.last_output = ""
        self.last_error = ""
        self.verdict: str | None = None

    # ---- sandbox
    @property
    def sandbox(self) -> Sandbox:
        """The env's sandbox, opened on first use (so vector-env workers each open their own)."""
        if self._sandbox is None or (self._sandbox.closed and isinstance(self._sandbox_spec, str)):
            self._sandbox = make_sandbox(self._sandbox_spec)
        return self._sandbox

    def close(self) -> None:
        if self._sandbox is not None and isinstance(self._sandbox_spec, str):
            self._sandbox.close()
        self._sandbox = None
        super().close()

    # ---- episode
    def _choose_task(self, options: dict | None) -> Task:
        if options is None:
            return self.curriculum.sample(self.np_random)
        if not isinstance(options, dict):
            raise ConfigError(f"reset options must be a dict such as {{'task_id': 'builtin/two_sum'}}, got {options!r}")
        unknown = set(options) - {"task_id"}
        if unknown:
            raise ConfigError(f"unknown reset option(s) {sorted(unknown)}; the only option is 'task_id'")
        if "task_id" in options:
            task_id = options["task_id"]
            if task_id in self.taskset:
                return self.taskset.get(task_id)
            import codegym.tasks

            try:
                return codegym.tasks.get(task_id)
            except (TaskError, AttributeError) as exc:
                raise TaskError(f"reset(options={{'task_id': {task_id!r}}}): {exc}") from None
        return self.curriculum.sample(self.np_random)

    def _begin(self, seed: int | None, options: dict | None) -> None:
        super().reset(seed=seed)
        self.task = self._choose_task(options)
        self.files = dict(self.task.files)
        self.episode = RewardEpisode(self.task, self.files, max_steps=self.max_steps)
        self.rewards.reset()
        self.done = False
        self.last_tests = None
        self.last_output = ""
        self.last_error = ""
        self.verdict = None

    @property
    def test_timeout(self) -> float:
        """Seconds for a whole test run (each test separately gets the task's own timeout)."""
        return self.test_timeout_s or 120.0

    @property
    def per_test_timeout(self) -> float:
        """Seconds each test may take: the task's own limit, or less when the env says so."""
        limit = max(self.task.timeout_s, 1.0)
        return min(limit, self.per_test_timeout_s) if self.per_test_timeout_s else limit

    def run_visible_tests(self) -> TestReport:
        tests = self.task.visible_tests or {}
        if not tests:
            return TestReport(error="this task has no visible tests")
        return self._run_tests(tests)

    def judge(self) -> TestReport:
        """The final verdict run: hidden tests against the solution files only, fresh workspace."""
        solution = {path: self.files.get(path, "") for path in self.task.solution_paths}
        return self._run_tests(self.task.hidden_tests, files=solution, cache=False)

    def _run_tests(self, tests: Mapping[str, str], files: Mapping[str, str] | None = None, cache: bool = True) -> TestReport:
        """Run ``tests`` against ``files`` (default: the agent's files) in an emptied workspace.

        Visible-test runs are memoised by content (RL revisits states a lot); the final
        verdict (``cache=False``) always runs afresh. Infra failures are never cached.
        """
        files = self.files if files is None else files
        key = _content_key(files, tests) if cache else None
        if key is not None and key in _REPORT_CACHE:
            _REPORT_CACHE.move_to_end(key)
            return _REPORT_CACHE[key]
        report = self._run_tests_once(files, tests)
        if report.infra_error:
            report = self._rerun_after_infra_error(files, tests, report)
        if key is not None and not report.infra_error and not report.timed_out:
            _REPORT_CACHE[key] = report
            while len(_REPORT_CACHE) > _REPORT_CACHE_SIZE:
                _REPORT_CACHE.popitem(last=False)
        return report

    def _run_tests_once(self, files: Mapping[str, str], tests: Mapping[str, str]) -> TestReport:
        try:
            return run_tests(self.sandbox, files, tests, timeout=self.test_timeout,
                             per_test_timeout=self.per_test_timeout)
        except (SandboxError, CodegymError) as exc:
            return TestReport(infra_error=True, error=f"sandbox failure: {exc}")

    def _rerun_after_infra_error(self, files: Mapping[str, str], tests: Mapping[str, str],
                                 first: TestReport) -> TestReport:
        """An infra error is never the agent's reward: rerun once on a fresh sandbox. If
        that sandbox is healthy and the same files break it again, the agent's code did
        it, and the run is judged as failed (breaking the sandbox never pays more than
        failing). Only when no healthy sandbox can be had does the error stand."""
        if isinstance(self._sandbox_spec, str) and self._sandbox is not None:
            self._sandbox.close()
        try:
            healthy = self.sandbox.run_python("print(1)", timeout=30).ok
        except (SandboxError, CodegymError):
            healthy = False
        if not healthy:
            return first
        second = self._run_tests_once(files, tests)
        if not second.infra_error:
            return second
        return TestReport(error=f"the solution broke the sandbox twice ({second.error}); judged as failed",
                          collect_errors=("the test run could not complete",))

    def _compose(self, ctx) -> tuple[float, dict]:
        total, terms = self.rewards(ctx)
        return float(total), terms

    def _penalise_invalid(self, terms: dict, problem: str) -> float:
        """Add the ``invalid_action`` term for a bad action; returns the penalty to add to the reward."""
        terms["invalid_action"] = {"value": self.invalid_action_penalty, "raw": -1.0,
                                   "weight": -self.invalid_action_penalty, "info": {"error": problem}}
        return self.invalid_action_penalty

    def _info(self, terms: dict, extra: dict | None = None) -> dict:
        tests = self.last_tests.summary() if self.last_tests is not None else {"passed": 0, "failed": 0, "total": 0}
        info = {
            "task_id": self.task.id if self.task else None,
            "reward_terms": terms,
            "tests": tests,
            "curriculum": self.curriculum.info(),
            "reward_valid": not (self.last_tests is not None and self.last_tests.infra_error),
        }
        if self.verdict is not None:
            info["verdict"] = self.verdict
        if self.last_error:
            info["action_error"] = self.last_error
        if extra:
            info.update(extra)
        return info

    def _finish(self, report: TestReport) -> str:
        self.verdict = verdict_for(report)
        self.done = True
        self.curriculum.update(self.task, self.verdict == "solved")
        return self.verdict

    # ---- rendering
    def render(self) -> str | None:
        text = self._render_text()
        if self.render_mode == "human":
            print(text)
            return None
        if self.render_mode == "ansi":
            return text
        return None

    def _render_text(self) -> str:
        if self.task is None:
            return "(no episode yet: call reset())"
        tests = self.last_tests.summary() if self.last_tests else None
        lines = [f"task {self.task.id} (difficulty {self.task.difficulty})",
                 f"steps {self.episode.steps if self.episode else 0}; tests {tests}; verdict {self.verdict}"]
        if self.last_error:
            lines.append(f"error: {self.last_error}")
        if self.last_output:
            lines.append(self.last_output[-2000:])
        return "\n".join(lines)

"""``codegym/CodeGen-v1``: one action, the full solution; the hidden tests judge it.

The common single-turn setup of LLM RL trainers: observe the statement and the
starting file, answer with the complete source of the solution file, get the verdict.

Example:
    >>> import gymnasium as gym, codegym
    >>> env = gym.make("codegym/CodeGen-v1", tasks="humaneval")  # doctest: +SKIP
    >>> obs, info = env.reset(seed=0)  # doctest: +SKIP
    >>> obs, reward, terminated, truncated, info = env.step(my_model(obs["statement"]))  # doctest: +SKIP
    >>> info["verdict"]  # doctest: +SKIP
    'solved'
"""

from __future__ import annotations

from typing import Any

from gymnasium import spaces

from codegym.envs.core import CodingEnv
from codegym.envs.spaces import count, count_space, fit_text, text_space

MAX_SOLUTION_CHARS = 100_000
STATEMENT_CHARS = 16_384
FILE_CHARS = 32_768
FEEDBACK_CHARS = 8_192


def check_solution_text(action: Any) -> str:
    """'' when the action is usable solution text, else the reason it is not."""
    if not isinstance(action, str):
        return f"the action must be the solution's source text (str), got {type(action).__name__}"
    if len(action) > MAX_SOLUTION_CHARS:
        return f"the solution is {len(action)} characters; the limit is {MAX_SOLUTION_CHARS}"
    try:
        action.encode("utf-8")
    except UnicodeEncodeError:
        return "the solution text is not valid UTF-8 (it contains lone surrogates)"
    return ""


class CodeGenEnv(CodingEnv):
    """One-shot code generation judged by hidden tests."""

    default_reward = {"tests": 1.0, "completion": 1.0}

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.observation_space = spaces.Dict({
            "statement": text_space(STATEMENT_CHARS),
            "starting_file": text_space(FILE_CHARS),
            "feedback": text_space(FEEDBACK_CHARS),
            "tests_passed": count_space(),
            "tests_total": count_space(),
        })
        self.action_space = text_space(MAX_SOLUTION_CHARS)

    @property
    def solution_path(self) -> str:
        return self.task.solution_paths[0]

    def _observe(self, feedback: str = "") -> dict:
        tests = self.last_tests
        return {
            "statement": fit_text(self.task.statement, STATEMENT_CHARS),
            "starting_file": fit_text(self.task.files.get(self.solution_path, ""), FILE_CHARS),
            "feedback": fit_text(feedback, FEEDBACK_CHARS),
            "tests_passed": count(tests.passed if tests else 0),
            "tests_total": count(tests.total if tests else 0),
        }

    def reset(self, *, seed: int | None = None, options: dict | None = None) -> tuple[dict, dict]:
        self._begin(seed, options)
        return self._observe(), self._info({})

    def step(self, action: Any) -> tuple[dict, float, bool, bool, dict]:
        if self.done or self.task is None:
            self.last_error = "the episode has ended; call reset() before stepping again"
            return self._observe(self.last_error), 0.0, True, False, self._info({}, {"ignored_action": True})
        problem = check_solution_text(action)
        if problem:
            self.last_error = problem
            from codegym.testrun import TestReport

            report = TestReport(error=problem)
            feedback = f"invalid action: {problem}"
        else:
            self.files[self.solution_path] = action
            report = self.judge()
            feedback = f"hidden tests: {report.passed}/{report.total} passed"
        self.last_tests = report
        verdict = self._finish(report) if not problem else self._finish_invalid()
        ctx = self.episode.step(files=self.files, tests=report, hidden=True, action=None,
                                tokens=len(action) // 4 if isinstance(action, str) else 0,
                                terminated=True, verdict=verdict)
        reward, terms = self._compose(ctx)
        if problem:
            reward += self._penalise_invalid(terms, problem)
        return self._observe(feedback), reward, True, False, self._info(terms, {"hidden_tests": report.summary()})

    def _finish_invalid(self) -> str:
        self.verdict = "failed"
        self.done = True
        self.curriculum.update(self.task, False)
        return self.verdict

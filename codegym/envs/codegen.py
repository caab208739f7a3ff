"""``codegym/CodeGen-v4``: one action, the full solution; the hidden tests judge it.

The common single-turn setup of LLM RL trainers: observe the statement and the
starting file, answer with the complete source of the solution file, get the verdict.
An unusable action (not text, too long, not UTF-8) is judged ``failed`` with every
hidden test counted as failed, plus the ``invalid_action`` penalty.

Example:
    >>> import gymnasium as gym, codegym
    >>> env = gym.make("codegym/CodeGen-v4", tasks="humaneval")  # doctest: +SKIP
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
        self._feedback = ""

    @property
    def solution_path(self) -> str:
        return self.task.solution_paths[0]

    def oracle_action(self) -> str:
        """The reference solution file's text."""
        return self.task.reference[self.solution_path]

    def _observe(self) -> dict:
        final = self.engine.final
        return {
            "statement": fit_text(self.task.statement, STATEMENT_CHARS),
            "starting_file": fit_text(self.task.files.get(self.solution_path, ""), FILE_CHARS),
            "feedback": fit_text(self._feedback, FEEDBACK_CHARS),
            "tests_passed": count(final.passed if final else 0),
            "tests_total": count(final.total if final else 0),
        }

    def reset(self, *, seed: int | None = None, options: dict | None = None) -> tuple[dict, dict]:
        self._begin(seed, options)
        self._feedback = ""
        return self._observe(), self.engine.info()

    def step(self, action: Any) -> tuple[dict, float, bool, bool, dict]:
        if self.engine.done:
            outcome = self.engine.step()
            self._feedback = outcome.info["action_error"]
            return self._result(outcome, self._observe())
        problem = check_solution_text(action)
        if problem:
            outcome = self.engine.step(problem=problem, verdict="failed",
                                       tokens=len(action) // 4 if isinstance(action, str) else 0)
            self._feedback = f"invalid action: {problem}"
        else:
            self.engine.write_file(self.solution_path, action)
            outcome = self.engine.step(submit=True, tokens=len(action) // 4)
            final = self.engine.final
            self._feedback = f"hidden tests: {final.passed}/{final.total} passed"
        return self._result(outcome, self._observe())

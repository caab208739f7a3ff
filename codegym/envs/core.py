"""The Gymnasium view every single-agent codegym env shares: a ``gym.Env`` over one engine :class:`Episode`.

Subclasses define the spaces, turn actions into engine calls (``self.engine``) and engine
state into observations, and implement :meth:`CodingEnv.oracle_action`. They never end
an episode or compute a verdict themselves: ``self.engine.step(...)`` does.

The episode length is Gymnasium's ``max_episode_steps``: :class:`StepBudget` (added by
the registration, outside TimeLimit) tells the engine the limit TimeLimit enforces, so
the step that exhausts it is judged ``timeout`` (hidden tests run, completion paid,
curriculum updated) whatever set the limit. ``max_steps=`` is only for an env built
without ``gym.make``.

Example:
    >>> import gymnasium as gym, codegym
    >>> env = gym.make("codegym/CodeEdit-v4", max_episode_steps=3)  # doctest: +SKIP
    >>> env.spec.max_episode_steps, env.unwrapped.max_steps  # doctest: +SKIP
    (3, 3)
"""

from __future__ import annotations

from typing import Any, Mapping

import gymnasium as gym

from codegym.engine import Episode, StepOutcome
from codegym.errors import ConfigError
from codegym.sandbox import Sandbox
from codegym.tasks import Task, TaskSet
from codegym.tasks.curriculum import Curriculum
from codegym.verdict import TestReport

RENDER_MODES = ("ansi", "human")
DEFAULT = object()  # max_steps not given: the env's default_max_steps


class CodingEnv(gym.Env):
    """Base class: subclasses define spaces, ``_observe``, ``reset``, ``step`` and ``oracle_action``."""

    metadata = {"render_modes": list(RENDER_MODES), "render_fps": 4}
    default_tasks: str = "builtin"
    #: The budget of an env built directly (``gym.make`` uses the registered ``max_episode_steps``).
    default_max_steps: int | None = None
    default_reward: Mapping[str, Any] = {"tests": {"weight": 1.0, "options": {"which": "hidden"}},
                                         "completion": 1.0, "shaping": 1.0}

    def __init__(self, tasks: Any = None, curriculum: str | dict | Curriculum | None = None,
                 reward: Mapping[str, Any] | None = None, sandbox: str | Sandbox = "auto",
                 render_mode: str | None = None, max_steps: int | None | object = DEFAULT,
                 invalid_action_penalty: float = -1.0, test_timeout_s: float | None = None,
                 per_test_timeout_s: float | None = None, report_store: Any = None,
                 on_infra_error: str = "raise") -> None:
        if render_mode is not None and render_mode not in RENDER_MODES:
            raise ConfigError(f"render_mode must be one of {list(RENDER_MODES)} or None, got {render_mode!r}")
        self.render_mode = render_mode
        self._max_steps_given = max_steps is not DEFAULT
        max_steps = self.default_max_steps if max_steps is DEFAULT else max_steps
        self.engine = Episode(tasks=tasks, default_tasks=self.default_tasks, curriculum=curriculum, reward=reward,
                              default_reward=self.default_reward, sandbox=sandbox, max_steps=max_steps,
                              invalid_action_penalty=invalid_action_penalty, test_timeout_s=test_timeout_s,
                              per_test_timeout_s=per_test_timeout_s, report_store=report_store,
                              on_infra_error=on_infra_error)

    # ---- views of the engine
    @property
    def task(self) -> Task | None:
        return self.engine.task

    @property
    def files(self) -> dict[str, str]:
        """The agent's files (path -> text)."""
        return self.engine.files

    @property
    def taskset(self) -> TaskSet:
        return self.engine.taskset

    @property
    def curriculum(self) -> Curriculum:
        return self.engine.curriculum

    @property
    def rewards(self):
        """The reward composer of the env's one agent."""
        return self.engine.seats["agent"].composer

    @property
    def sandbox(self) -> Sandbox:
        return self.engine.runner.sandbox

    @property
    def max_steps(self) -> int | None:
        """The step at which the episode is judged ``timeout`` (the TimeLimit's, under ``gym.make``)."""
        return self.engine.max_steps

    @property
    def invalid_action_penalty(self) -> float:
        return self.engine.invalid_action_penalty

    @property
    def done(self) -> bool:
        return self.engine.done

    @property
    def verdict(self) -> str:
        return self.engine.verdict

    @property
    def last_tests(self) -> TestReport | None:
        return self.engine.tests

    def set_budget(self, max_steps: int | None) -> None:
        """Called by :class:`StepBudget`: the limit TimeLimit enforces becomes the engine's budget."""
        if self._max_steps_given and max_steps != self.engine.max_steps:
            raise ConfigError(f"max_steps={self.engine.max_steps} disagrees with max_episode_steps={max_steps}: "
                              f"under gym.make the episode length is max_episode_steps only; "
                              f"pass gym.make(..., max_episode_steps={self.engine.max_steps})")
        self.engine.set_budget(max_steps)

    def reward_details(self) -> dict:
        """The latest step's reward terms in full: ``{term: {"value", "raw", "weight", "info"}}``."""
        return self.engine.reward_details()

    def oracle_action(self) -> Any:
        """The expert's next action in the current state (for DAgger, demonstrations and the ``oracle`` agent)."""
        raise NotImplementedError(f"{type(self).__name__} has no oracle_action(); a CodingEnv subclass that wants the "
                                  "oracle agent (DAgger, demonstrations) implements it from self.engine.task.reference")

    def close(self) -> None:
        self.engine.close()
        super().close()

    # ---- episode
    def _begin(self, seed: int | None, options: dict | None) -> Task:
        super().reset(seed=seed)
        return self.engine.begin(self.np_random, options)

    def _result(self, outcome: StepOutcome, observation: Any, extra: dict | None = None) -> tuple:
        info = outcome.info
        if extra:
            info.update(extra)
        return observation, outcome.reward, outcome.terminated, outcome.truncated, info

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
                 f"steps {self.engine.steps}; tests {tests}; verdict {self.verdict or None}"]
        if self.engine.action_error:
            lines.append(f"error: {self.engine.action_error}")
        return "\n".join(lines)


class StepBudget(gym.Wrapper, gym.utils.RecordConstructorArgs):
    """Tells a codegym env the limit of the TimeLimit below it, so it judges the step that exhausts it.

    The registration adds it after TimeLimit, so ``gym.make(ID, max_episode_steps=3)``
    ends with ``info["verdict"] == "timeout"`` and the hidden tests run on step 3.
    """

    def __init__(self, env: gym.Env) -> None:
        gym.utils.RecordConstructorArgs.__init__(self)
        gym.Wrapper.__init__(self, env)
        core = env.unwrapped
        if isinstance(core, CodingEnv):
            core.set_budget(time_limit_of(env))


def time_limit_of(env: gym.Env) -> int | None:
    """The limit of the first TimeLimit in ``env``'s wrapper chain (None without one).

    Read from the wrapper itself: its ``spec`` is a deep copy of the make kwargs and is
    None when they cannot be copied (an open Sandbox, say).
    """
    inner: gym.Env = env
    while isinstance(inner, gym.Wrapper):
        if isinstance(inner, gym.wrappers.TimeLimit):
            return int(inner._max_episode_steps)  # TimeLimit keeps its limit only here (gymnasium 1.x)
        inner = inner.env
    return None

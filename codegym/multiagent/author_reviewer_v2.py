"""``author_reviewer_v2``: an author proposes patches, a reviewer approves or requests changes.

A PettingZoo AEC env (turn-based) over one engine :class:`~codegym.engine.Episode`; the
Parallel form is PettingZoo's own conversion (``parallel_env()``). Agents ``author_0``
and ``reviewer_0`` act in a strict cycle, author first. Each cycle has one *phase*:

* **patch** cycle: the author acts (menu: picks one of ``menu_size`` candidate patches —
  the task's restoring edits and tree-sitter mutations of its current file; text: one
  tool call, ``write_file`` / ``run_tests`` / ``submit_patch``), the reviewer waits.
  A patch's visible tests run when it is submitted.
* **review** cycle: the author waits, the reviewer decides (menu: ``0`` approve, ``1``
  request changes; text: ``{"decision": "approve" | "request_changes", "comment": ...}``,
  the comment is shown to the author next round).

Waiting is an action (menu: the last index, the only unmasked one; text: ``""`` or
``{"tool": "wait"}``), so every agent acts once per cycle and the Parallel conversion is
exact. Approval merges the patch and ends the episode; after ``max_rounds`` refused
patches the episode ends unmerged. Either way the hidden tests judge the author's last
patch (``info["verdict"]``), once, through the trusted harness.

Rewards (reward plugins, per agent: ``reward={"author_0": {...}, "reviewer_0": {...}}``):

* ``review`` (reviewer, every decision) — ``½[a(y/q − (1−y)/(1−q)) + (1−a)((1−y)/(1−q) − y/q)]``
  with y the hidden verdict of the patch under review and q the base rate of correct
  patches: ``base_rate=`` if given, else a running mean over every patch this env has
  reviewed (the default). Its expectation is TPR − FPR: a rubber stamp, a blanket reject
  and a random reviewer each earn 0 at any base rate, a perfect reviewer +1.
* ``author`` (author, at the end) — ``h(0.5 + 0.5·merged) − merged·(1−h) − 0.1·(rounds−1)``;
  a merged wrong patch is the worst outcome. ``author_mode="sneaky"`` pays it instead.
* A malformed or out-of-turn action costs ``invalid_action_penalty`` and says why in
  ``info["action_error"]``; it never raises.

Example:
    >>> from codegym.multiagent import author_reviewer_v2
    >>> env = author_reviewer_v2.env(action_mode="menu")  # doctest: +SKIP
    >>> env.reset(seed=0)  # doctest: +SKIP
    >>> for agent in env.agent_iter():  # doctest: +SKIP
    ...     obs, reward, term, trunc, info = env.last()
    ...     mask = obs["action_mask"]
    ...     env.step(None if term or trunc else env.action_space(agent).sample(mask))
"""

from __future__ import annotations

import difflib
import json
from typing import Any, Mapping

import numpy as np
from gymnasium import spaces
from pettingzoo import AECEnv
from pettingzoo.utils import AgentSelector, wrappers
from pettingzoo.utils.conversions import aec_to_parallel

from codegym.engine import RESET_OPTIONS, Episode
from codegym.envs.repair_features import (N_CANDIDATE_FEATURES, N_TEST_FEATURES, EpisodeMemory, candidate_features,
                                          report_features)
from codegym.errors import ConfigError
from codegym.code.menu import EditMenu
from codegym.tasks.sources.mutations import restoring_edits
from codegym.rewards.scoring import RunningBaseRate, clip_base_rate
from codegym.multiagent.spaces import check_action_mode, fit_text, menu_observation_space, numeric_info, text_space
from codegym.verdict import TestReport
from codegym.verdict.signals import failure_signals

AUTHOR, REVIEWER = "author_0", "reviewer_0"
PATCH, REVIEW = "patch", "review"
APPROVE, REQUEST_CHANGES, REVIEWER_WAIT = 0, 1, 2
AUTHOR_MODES = ("honest", "sneaky")
#: Default tasks: single-bug repairs of the builtin pack (the author starts from a buggy program).
DEFAULT_TASKS = {"source": "mutations", "max_bugs": 1}
HEADER = 5  # role one-hot (2), phase one-hot (2), round fraction (1)


def _render_diff(before: str, after: str, path: str) -> str:
    return "".join(difflib.unified_diff(before.splitlines(True), after.splitlines(True), f"a/{path}", f"b/{path}"))


class raw_env(AECEnv):
    """The AEC env (see the module docstring). Use :func:`env` for PettingZoo's checking wrappers."""

    metadata = {"name": "author_reviewer_v2", "render_modes": ["ansi", "human"], "is_parallelizable": True}

    def __init__(self, action_mode: str = "menu", tasks: Any = None, reward: Mapping[str, Any] | None = None,
                 sandbox: Any = "auto", max_rounds: int = 3, menu_size: int = 8, max_tool_calls: int = 6,
                 base_rate: float | None = None, author_mode: str = "honest", invalid_action_penalty: float = -1.0,
                 render_mode: str | None = None, on_infra_error: str = "raise") -> None:
        super().__init__()
        self.action_mode = check_action_mode(action_mode)
        for name, value, low in (("max_rounds", max_rounds, 1), ("max_tool_calls", max_tool_calls, 1)):
            if isinstance(value, bool) or not isinstance(value, int) or value < low:
                raise ConfigError(f"{name} must be an int >= {low}, got {value!r}")
        if author_mode not in AUTHOR_MODES:
            raise ConfigError(f"author_mode must be one of {list(AUTHOR_MODES)}, got {author_mode!r}")
        if render_mode not in (None, *self.metadata["render_modes"]):
            raise ConfigError(f"render_mode must be one of {self.metadata['render_modes']} or None, got {render_mode!r}")
        self.fixed_base_rate = None if base_rate is None else clip_base_rate(base_rate)
        self.base_rate = RunningBaseRate()
        self.max_rounds, self.max_tool_calls, self.render_mode = max_rounds, max_tool_calls, render_mode
        #: cycles after which a stalled episode is cut: every round's patch and review, twice over
        self.max_cycles = 2 * max_rounds * (max_tool_calls + 1)
        self.menu = EditMenu(menu_size)
        sneaky = author_mode == "sneaky"
        default = {AUTHOR: {"author": {"weight": 1.0, "options": {"sneaky": sneaky}}}, REVIEWER: {"review": 1.0}}
        self.engine = Episode(tasks=tasks if tasks is not None else DEFAULT_TASKS, default_tasks="mutations",
                              reward=reward if reward is not None else default, agents=(AUTHOR, REVIEWER),
                              sandbox=sandbox, invalid_action_penalty=invalid_action_penalty,
                              on_infra_error=on_infra_error)
        self.possible_agents = [AUTHOR, REVIEWER]
        self.agents: list[str] = []
        self._spaces()
        self.path = ""
        self.start_source = ""
        self.phase = PATCH
        self.round = 1
        self.tool_calls = 0
        self.comment = ""
        self.review_source = ""
        self.review_report: TestReport | None = None
        self.review_row = np.zeros(N_CANDIDATE_FEATURES, dtype=np.float32)
        self.pending_patch = False
        self.merged = False
        self.cycles = 0
        self.action_errors: dict[str, str] = {}
        self.decisions: list[dict] = []
        self._memory = EpisodeMemory.start("")
        self._truth: dict[str, bool | None] = {}

    # ------------------------------------------------------------------ spaces
    def _spaces(self) -> None:
        size = self.menu.size
        if self.action_mode == "menu":
            n_features = HEADER + N_TEST_FEATURES + N_CANDIDATE_FEATURES * (1 + size)
            self._observation_spaces = {AUTHOR: menu_observation_space(n_features, size + 1),
                                        REVIEWER: menu_observation_space(n_features, 3)}
            self._action_spaces = {AUTHOR: spaces.Discrete(size + 1), REVIEWER: spaces.Discrete(3)}
        else:
            # PettingZoo's api_test checks the dtype of obs["observation"]: the text lives beside it
            text_obs = spaces.Dict({"observation": spaces.Box(0.0, 1.0, (HEADER,), np.float32), "text": text_space()})
            self._observation_spaces = {agent: text_obs for agent in self.possible_agents}
            self._action_spaces = {agent: text_space() for agent in self.possible_agents}

    def observation_space(self, agent: str) -> spaces.Space:
        return self._observation_spaces[agent]

    def action_space(self, agent: str) -> spaces.Space:
        return self._action_spaces[agent]

    # ------------------------------------------------------------------ state helpers
    @property
    def source(self) -> str:
        """The author's current patch (the solution file)."""
        return self.engine.files.get(self.path, "")

    def acting(self) -> str:
        """The agent whose action matters this cycle (the other one waits)."""
        return AUTHOR if self.phase == PATCH else REVIEWER

    def _wait_index(self, agent: str) -> int:
        return self.menu.size if agent == AUTHOR else REVIEWER_WAIT

    def action_mask(self, agent: str) -> np.ndarray:
        """Valid actions of ``agent`` now (int8): by role and turn."""
        n = self._action_spaces[agent].n if self.action_mode == "menu" else 1
        mask = np.zeros(n, dtype=np.int8)
        if self.action_mode != "menu":
            return mask
        if self.engine.done or agent != self.acting():
            mask[self._wait_index(agent)] = 1
        elif agent == AUTHOR:
            mask[: self.menu.size] = self.menu.mask()
            if not mask.any():
                mask[self._wait_index(agent)] = 1  # nothing to propose: the author can only pass
        else:
            mask[APPROVE] = mask[REQUEST_CHANGES] = 1
        return mask

    def truth(self, source: str) -> bool | None:
        """Does ``source`` pass every hidden test? (None: the run broke; memoised per episode.)"""
        if source not in self._truth:
            report = self.engine.runner.run({**self.engine.files, self.path: source}, self.engine.task.hidden_tests,
                                            per_test_timeout=self.engine.per_test_timeout)
            self._truth[source] = None if report.infra_error else report.all_passed
        return self._truth[source]

    def current_base_rate(self) -> float:
        """q used to weigh the next review decision."""
        return self.fixed_base_rate if self.fixed_base_rate is not None else clip_base_rate(self.base_rate.value)

    # ------------------------------------------------------------------ observations
    def observe(self, agent: str) -> Any:
        return self._observe(agent)

    def _observe(self, agent: str) -> Any:
        header = np.zeros(HEADER, dtype=np.float32)
        header[0 if agent == AUTHOR else 1] = 1.0
        header[2 if self.phase == PATCH else 3] = 1.0
        header[4] = min(1.0, self.round / self.max_rounds)
        if self.action_mode == "text":
            return {"observation": header, "text": fit_text(self._text_view(agent))}
        signals = failure_signals(self.review_report, self.path)
        tests = report_features(self.review_report, None, signals)
        menu_rows = np.zeros((self.menu.size, N_CANDIDATE_FEATURES), dtype=np.float32)
        if agent == AUTHOR and self.phase == PATCH and not self.engine.done and self.engine.task is not None:
            menu_rows = candidate_features(self.source, self.menu.entries, signals, self._memory, self.menu.size)
        review_row = self.review_row if self.phase == REVIEW else np.zeros(N_CANDIDATE_FEATURES, dtype=np.float32)
        features = np.concatenate([header, tests, review_row, menu_rows.reshape(-1)]).astype(np.float32)
        return {"observation": np.clip(features, -1e6, 1e6), "action_mask": self.action_mask(agent)}

    def _text_view(self, agent: str) -> str:
        if self.engine.task is None:
            return ""
        task = self.engine.task
        lines = [f"role: {'author' if agent == AUTHOR else 'reviewer'}", f"phase: {self.phase}",
                 f"round: {self.round}/{self.max_rounds}", f"acting: {self.acting()}", "", task.statement.strip(), ""]
        if agent == AUTHOR:
            lines += [f"--- {self.path} (your current patch)", self.source.rstrip("\n")]
            if self.comment:
                lines += ["--- reviewer's comment", self.comment]
            lines += ['tools (one JSON object per step): {"tool": "write_file", "path": ..., "content": ...}, '
                      '{"tool": "run_tests"}, {"tool": "submit_patch"}, {"tool": "wait"}']
        else:
            lines += ["--- patch under review", _render_diff(self.start_source, self.review_source, self.path) or "(no change)"]
            lines += ['decide with {"decision": "approve" | "request_changes", "comment": "..."}, or {"tool": "wait"}']
        if self.review_report is not None:
            r = self.review_report
            lines += [f"--- visible tests of the patch: {r.passed}/{r.total} passed", r.failure_text(1500)]
        return "\n".join(lines)

    def _info(self, agent: str) -> dict:
        info = self.engine.info(agent)
        info["action_error"] = self.action_errors.get(agent, "")
        info.update(phase=self.phase, round=self.round, merged=self.merged, acting=self.acting())
        if self.action_mode == "menu":
            info = numeric_info(info)
            info["phase"] = 0.0 if self.phase == PATCH else 1.0
        return info

    # ------------------------------------------------------------------ lifecycle
    def reset(self, seed: int | None = None, options: dict | None = None) -> None:
        if seed is not None or not hasattr(self, "_np_random_ready"):
            self.np_random = np.random.default_rng(seed)
            self._np_random_ready = True
        # PettingZoo's api_test passes options of its own: only the engine's are forwarded
        task = self.engine.begin(self.np_random, {k: v for k, v in (options or {}).items() if k in RESET_OPTIONS})
        self.path = task.meta.get("solution_path") if isinstance(task.meta.get("solution_path"), str) else ""
        if not self.path or self.path not in self.engine.files:
            python = [p for p in task.solution_paths if p.endswith(".py")] or list(task.solution_paths)
            self.path = python[0]
        self.start_source = self.review_source = self.source
        self.menu.start(self.source, (task.reference or {}).get(self.path, ""), restoring_edits(task))
        self.menu.build(self.np_random)
        self._memory = EpisodeMemory.start(self.source)
        self._truth = {}
        self.phase, self.round, self.tool_calls, self.comment, self.cycles = PATCH, 1, 0, "", 0
        self.review_report, self.pending_patch, self.merged = None, False, False
        self.review_row = np.zeros(N_CANDIDATE_FEATURES, dtype=np.float32)
        self.decisions = []
        self.action_errors = {}
        self.agents = list(self.possible_agents)
        self.rewards = {agent: 0.0 for agent in self.agents}
        self._cumulative_rewards = {agent: 0.0 for agent in self.agents}
        self.terminations = {agent: False for agent in self.agents}
        self.truncations = {agent: False for agent in self.agents}
        self.infos = {agent: self._info(agent) for agent in self.agents}
        self._selector = AgentSelector(self.agents)
        self.agent_selection = self._selector.reset()

    def close(self) -> None:
        self.engine.close()

    def render(self) -> str | None:
        if self.render_mode is None:
            return None
        text = self._text_view(self.acting())
        if self.render_mode == "human":
            print(text)
            return None
        return text

    # ------------------------------------------------------------------ stepping
    def step(self, action: Any) -> None:
        agent = self.agent_selection
        if self.terminations[agent] or self.truncations[agent]:
            self._was_dead_step(action)
            return
        self._cumulative_rewards[agent] = 0.0
        self.rewards = {a: 0.0 for a in self.agents}
        self.action_errors[agent] = ""
        if agent == self.acting():
            self._act(agent, action)
        else:
            self._wait(agent, action)
        if agent == REVIEWER and not self.engine.done:
            self._end_cycle()
        if self.engine.done:
            ended = self.truncations if self.engine.verdict == "timeout" else self.terminations
            for a in self.agents:
                ended[a] = True
        self.infos = {a: self._info(a) for a in self.agents}
        self._accumulate_rewards()
        self.agent_selection = self._selector.next()

    def _is_wait(self, agent: str, action: Any) -> bool:
        if self.action_mode == "menu":
            return _as_index(action) == self._wait_index(agent)
        if action is None or (isinstance(action, str) and not action.strip()):
            return True
        payload = _json(action)
        return isinstance(payload, dict) and payload.get("tool") == "wait" and len(payload) == 1

    def _penalise(self, agent: str, problem: str) -> None:
        self.action_errors[agent] = problem
        outcome = self.engine.step(agent, problem=problem)
        self.rewards[agent] += outcome.reward

    def _wait(self, agent: str, action: Any) -> None:
        if not self._is_wait(agent, action):
            self._penalise(agent, f"it is {self.acting()}'s turn ({self.phase} phase): {agent} can only wait")

    def _act(self, agent: str, action: Any) -> None:
        if agent == AUTHOR:
            self._author(action)
        else:
            self._review(action)

    # ---- author
    def _author(self, action: Any) -> None:
        if self.action_mode == "menu":
            index = _as_index(action)
            mask = self.action_mask(AUTHOR)
            if index is None or not 0 <= index < len(mask) or not mask[index]:
                return self._penalise(AUTHOR, f"author action must be an unmasked menu index in 0..{len(mask) - 1}, "
                                              f"got {action!r}")
            if index == self._wait_index(AUTHOR):
                self._submit(None)  # nothing to propose: the current file goes to review unchanged
                return
            before = self.source
            entry = self.menu.apply(index)
            self.engine.write_file(self.path, entry.result)
            self._memory.record(entry.edit, entry.result)
            signals = failure_signals(self.review_report, self.path)
            self.review_row = candidate_features(before, [entry], signals, self._memory, 1)[0]
            return self._submit({"event": "patch", "edit": entry.edit.describe()})
        payload = _json(action)
        if not isinstance(payload, dict) or not isinstance(payload.get("tool"), str):
            return self._penalise(AUTHOR, 'author action must be a JSON object with a "tool": write_file, run_tests, '
                                          'submit_patch or wait')
        tool = payload["tool"]
        self.tool_calls += 1
        if tool == "write_file":
            path, content = payload.get("path"), payload.get("content")
            if path != self.path or not isinstance(content, str) or set(payload) - {"tool", "path", "content"}:
                return self._penalise(AUTHOR, f'write_file needs "path": {self.path!r} and a string "content"')
            self.engine.write_file(self.path, content)
            outcome = self.engine.step(AUTHOR, action={"event": "edit"})
            self.rewards[AUTHOR] += outcome.reward
        elif tool == "run_tests" and set(payload) == {"tool"}:
            report = self.engine.run_visible_tests()
            outcome = self.engine.step(AUTHOR, tests=report, action={"event": "run_tests"})
            self.rewards[AUTHOR] += outcome.reward
        elif tool == "submit_patch" and set(payload) == {"tool"}:
            return self._submit({"event": "patch"})
        elif tool == "wait" and set(payload) == {"tool"}:
            return self._penalise(AUTHOR, "it is the author's turn to patch: use submit_patch to send the patch to review")
        else:
            return self._penalise(AUTHOR, f"unknown tool call {tool!r} (or extra keys); tools: write_file, run_tests, "
                                          "submit_patch")
        if self.tool_calls >= self.max_tool_calls:
            self._submit({"event": "patch", "auto": True})

    def _submit(self, event: dict | None) -> None:
        """The author's patch goes to review: its visible tests run; the next cycle is the review."""
        report = self.engine.run_visible_tests()
        self.review_report = report
        self.review_source = self.source
        self.pending_patch = True
        if event is not None:
            outcome = self.engine.step(AUTHOR, tests=report, action=event)
            self.rewards[AUTHOR] += outcome.reward

    # ---- reviewer
    def _decision(self, action: Any) -> tuple[int | None, str, str]:
        if self.action_mode == "menu":
            index = _as_index(action)
            if index not in (APPROVE, REQUEST_CHANGES):
                return None, "", f"reviewer action must be 0 (approve) or 1 (request changes) now, got {action!r}"
            return index, "", ""
        payload = _json(action)
        if (not isinstance(payload, dict) or payload.get("decision") not in ("approve", "request_changes")
                or set(payload) - {"decision", "comment"} or not isinstance(payload.get("comment", ""), str)):
            return None, "", ('reviewer action must be {"decision": "approve" | "request_changes", "comment": "..."}, '
                              f"got {str(action)[:200]!r}")
        return (APPROVE if payload["decision"] == "approve" else REQUEST_CHANGES), payload.get("comment", "")[:2000], ""

    def _review(self, action: Any) -> None:
        decision, comment, problem = self._decision(action)
        if problem:
            return self._penalise(REVIEWER, problem)
        approve = decision == APPROVE
        correct = self.truth(self.review_source)
        q = self.current_base_rate()
        event = {"event": "review", "approve": approve, "correct": correct, "base_rate": q}
        if correct is not None and self.fixed_base_rate is None:
            self.base_rate.update(correct)
        last = approve or self.round >= self.max_rounds
        self.merged = approve
        self.comment = comment
        self.decisions.append({"round": self.round, "approve": approve, "correct": correct, "base_rate": q})
        outcome = self.engine.step(REVIEWER, action=event, submit=last)
        self.rewards[REVIEWER] += outcome.reward
        if self.engine.done:
            final = {"event": "final", "merged": self.merged, "solved": self.engine.verdict == "solved",
                     "rounds": self.round}
            self.rewards[AUTHOR] += self.engine.settle(AUTHOR, action=final).reward

    def _end_cycle(self) -> None:
        """The cycle's phase flips: a submitted patch goes to review; a refused one starts the next round.

        An episode that stalls (refused actions instead of patches or decisions) is cut after
        ``max_cycles`` cycles: the hidden tests judge the author's file (verdict ``timeout``),
        nothing is merged, and both agents are settled.
        """
        self.cycles += 1
        if self.cycles >= self.max_cycles:
            self.engine.end("timeout")
            final = {"event": "final", "merged": False, "solved": self.engine.final is not None
                     and self.engine.final.all_passed, "rounds": self.round}
            self.rewards[AUTHOR] += self.engine.settle(AUTHOR, action=final).reward
            self.rewards[REVIEWER] += self.engine.settle(REVIEWER).reward
            return
        if self.phase == PATCH and self.pending_patch:
            self.phase, self.pending_patch = REVIEW, False
        elif self.phase == REVIEW and self.decisions and self.decisions[-1]["round"] == self.round:
            self.phase, self.round, self.tool_calls = PATCH, self.round + 1, 0
            self.menu.build(self.np_random)

    # ------------------------------------------------------------------ experts
    def oracle_action(self, agent: str | None = None) -> Any:
        """The expert's action for ``agent`` (default: the agent to act): restoring edits, approve iff correct."""
        agent = agent or self.agent_selection
        if self.engine.done:
            return None
        if agent != self.acting():
            return self._wait_index(agent) if self.action_mode == "menu" else ""
        if agent == REVIEWER:
            approve = bool(self.truth(self.review_source))
            if self.action_mode == "menu":
                return APPROVE if approve else REQUEST_CHANGES
            return json.dumps({"decision": "approve" if approve else "request_changes"})
        if self.action_mode == "menu":
            toward = self.menu.toward_indices()
            return toward[0] if toward else self._wait_index(AUTHOR)
        reference = (self.engine.task.reference or {}).get(self.path)
        if reference is not None and self.source != reference:
            return json.dumps({"tool": "write_file", "path": self.path, "content": reference})
        return json.dumps({"tool": "submit_patch"})


def _as_index(action: Any) -> int | None:
    if isinstance(action, (bool, np.bool_)):
        return None
    if isinstance(action, np.ndarray):
        if action.size != 1 or not np.issubdtype(action.dtype, np.integer):
            return None
        action = action.reshape(()).item()
    return int(action) if isinstance(action, (int, np.integer)) else None


def _json(action: Any) -> Any:
    if not isinstance(action, str) or len(action) > 200_000:
        return None
    try:
        return json.loads(action)
    except (ValueError, RecursionError):
        return None


def env(**kwargs: Any) -> AECEnv:
    """The AEC env inside PettingZoo's order-enforcing and bounds-checking wrappers."""
    wrapped = raw_env(**kwargs)
    if wrapped.action_mode == "menu":
        wrapped = wrappers.AssertOutOfBoundsWrapper(wrapped)
    return wrappers.OrderEnforcingWrapper(wrapped)


def parallel_env(**kwargs: Any):
    """The Parallel form: PettingZoo's conversion of the AEC env (exact: every agent acts once per cycle)."""
    return aec_to_parallel(raw_env(**kwargs))

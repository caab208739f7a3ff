"""``testgen_coder_v2``: a test generator and a coder play simultaneous rounds on one task.

A native PettingZoo ``ParallelEnv`` (:func:`parallel_env`) over one engine
:class:`~codegym.engine.Episode`; the AEC form is PettingZoo's own conversion
(:func:`env`, :func:`raw_env`). Agents ``testgen_0`` and ``coder_0`` act together each
round, for ``max_rounds`` rounds (the coder may end it earlier in the text variant).

Each round ``r``:

* the **coder** submits a program ``S_r`` — menu: ``0`` keeps its current program,
  ``i >= 1`` applies menu edit ``i`` (tree-sitter mutation edits of the program plus the
  edits toward the reference; default tasks are single-bug repairs, so the coder starts
  from a buggy program); text: CodeEdit-style tool calls (:mod:`codegym.multiagent.coder_actions`),
  ``submit`` ends the episode after the round;
* the **generator** submits a suite ``T_r`` — text: ``{"tests": [{"call", "args",
  "expected"}, ...]}`` (or the bare list), at most ``max_tests`` I/O tests of the task's
  entry points, judged afresh each round; menu: action ``i >= 1`` adds pool test ``i``
  (one of ``pool_size`` candidate inputs made by mutating the visible tests' inputs,
  expected values from the reference) to the episode's suite and ``0`` adds none — the
  round's suite is every test chosen so far (the newest ``max_tests``). One ``Discrete``
  per seat, so classic MARL libraries train it unchanged; chosen tests are masked.

Judging (sandbox, trusted harness): a generated test is valid only if the reference
passes it in two runs under the module names the candidate uses; invalid tests are
dropped before anything is counted, duplicates count once. Rewards are reward plugins
(``reward={"testgen_0": {...}, "coder_0": {...}}``), by default:

* ``generator`` — ``[S_r fails a valid test] + 0.5·killed/|M| − 0.2·invalid`` with M the
  task's verified mutants plus the coder's earlier submissions that failed hidden tests;
* ``coder`` — ``0.7·pass(hidden) + 0.3·pass(valid generated)`` (second term dropped
  without valid tests). The reference solution earns 1 and leaves the generator only the
  mutant term.

Observations: menu — ``{"observation": Box, "action_mask": int8}``, the same layout for
both seats with the role in the vector (:mod:`codegym.multiagent.testgen_views`), so one
policy can sit in both seats; text — ``{"observation": Box(6), "text": Text}`` (the
header numbers and the role's whole view as text).

Infos (per agent, every step): the engine's schema (``reward_terms``, ``verdict`` at the
end...) plus the round's judgement and the ground truth of ``S_r``: ``hidden_verdict``,
``hidden_pass``, ``valid_tests``, ``invalid_tests``, ``duplicates``, ``candidate_fails``,
``mutants_killed``, ``mutant_pool``, ``generated_pass`` (``-1``: no valid test). Menu
infos are numeric only. A malformed, masked or out-of-range action costs
``invalid_action_penalty`` and says why in ``info["action_error"]``; it never raises.

Settings: ``max_rounds`` (3), ``max_tests`` (8), ``pool_size`` (16), ``menu_size`` (16),
``n_mutants`` (4; verified mutants per task), ``seed`` (of the per-task mutants and pool),
``per_test_timeout_s`` (caps the task's per-test limit for the hidden and visible runs: a
coder program that hangs costs each round that much per test), ``tasks``, ``reward``,
``sandbox``, ``invalid_action_penalty`` (-1), ``on_infra_error`` (``"raise"``; see
:mod:`codegym.engine.infra`).

Example:
    >>> from codegym.multiagent import testgen_coder_v2
    >>> env = testgen_coder_v2.parallel_env(action_mode="menu")  # doctest: +SKIP
    >>> obs, infos = env.reset(seed=0)  # doctest: +SKIP
    >>> while env.agents:  # doctest: +SKIP
    ...     actions = {a: env.action_space(a).sample(obs[a]["action_mask"]) for a in env.agents}
    ...     obs, rewards, terms, truncs, infos = env.step(actions)
"""

from __future__ import annotations

import hashlib
import json
from typing import Any, Callable, Mapping

import numpy as np
from gymnasium import spaces
from pettingzoo import ParallelEnv
from pettingzoo.utils import wrappers
from pettingzoo.utils.conversions import parallel_to_aec_wrapper

from codegym.engine import RESET_OPTIONS, Episode
from codegym.envs.repair_features import (N_CANDIDATE_FEATURES, N_TEST_FEATURES, EpisodeMemory, candidate_features,
                                          report_features)
from codegym.errors import ActionError, CodegymError, ConfigError
from codegym.multiagent.coder_actions import apply_coder_action
from codegym.code.menu import EditMenu
from codegym.tasks.sources.mutations import restoring_edits
from codegym.multiagent.judging import (GENERATED_TEST_TIMEOUT_S, SuiteJudgement, dedupe, judge_pool, judge_suite,
                                        pool_failures)
from codegym.multiagent.spaces import (check_action_mode, fit_text, menu_observation_space, numeric_info, text_space,
                                       verdict_code)
from codegym.multiagent.testgen_setup import TaskSetup, function_style, task_setup
from codegym.multiagent.testgen_views import (HEADER, N_POOL_FEATURES, SUITE_FEATURES, n_features, pool_rows,
                                             render_tests, suite_vector)
from codegym.multiagent.testpool import IOTest, parse_io_tests, render_suite
from codegym.rewards.builtin.testgen import EVENT
from codegym.tasks import TaskSet
from codegym.verdict import TestReport, run_tests, verdict_of
from codegym.verdict.signals import failure_signals

TESTGEN, CODER = "testgen_0", "coder_0"
#: Default tasks: single-bug repairs of the builtin pack's function-style tasks.
DEFAULT_TASKS = {"source": "mutations", "max_bugs": 1}
MAX_GENERATOR_CHARS = 200_000


def default_tasks() -> TaskSet:
    """Single-bug repairs of the builtin tasks whose visible tests call an entry point with literals."""
    from codegym.engine import resolve_tasks

    found = resolve_tasks(DEFAULT_TASKS, "mutations")
    return TaskSet([t for t in found if function_style(t)], name="testgen-functions")


def _check_int(name: str, value: Any, low: int, high: int) -> int:
    if isinstance(value, (bool, np.bool_)) or not isinstance(value, (int, np.integer)) or not low <= int(value) <= high:
        raise ConfigError(f"{name} must be an int in {low}..{high}, got {value!r}")
    return int(value)


def _task_seed(task_id: str, seed: int) -> int:
    return int.from_bytes(hashlib.sha256(f"{seed}:{task_id}".encode()).digest()[:4], "big")


class parallel_env(ParallelEnv):
    """The Parallel env (see the module docstring); :func:`env` gives the AEC form."""

    metadata = {"name": "testgen_coder_v2", "render_modes": ["ansi", "human"], "is_parallelizable": True}

    def __init__(self, action_mode: str = "menu", tasks: Any = None, reward: Mapping[str, Any] | None = None,
                 sandbox: Any = "auto", max_rounds: int = 3, max_tests: int = 8, pool_size: int = 16,
                 menu_size: int = 16, n_mutants: int = 4, invalid_action_penalty: float = -1.0, seed: int = 0,
                 per_test_timeout_s: float | None = None, render_mode: str | None = None,
                 on_infra_error: str = "raise") -> None:
        self.action_mode = check_action_mode(action_mode)
        self.max_rounds = _check_int("max_rounds", max_rounds, 1, 100)
        self.max_tests = _check_int("max_tests", max_tests, 1, 64)
        self.pool_size = _check_int("pool_size", pool_size, 1, 256)
        self.n_mutants = _check_int("n_mutants", n_mutants, 0, 32)
        self.setup_seed = _check_int("seed", seed, 0, 2**31 - 1)
        if render_mode not in (None, *self.metadata["render_modes"]):
            raise ConfigError(f"render_mode must be one of {self.metadata['render_modes']} or None, got {render_mode!r}")
        self.render_mode = render_mode
        self.menu = EditMenu(menu_size)
        default = {TESTGEN: {"generator": 1.0}, CODER: {"coder": 1.0}}
        self.engine = Episode(tasks=tasks if tasks is not None else default_tasks(), default_tasks="mutations",
                              reward=reward if reward is not None else default, agents=(TESTGEN, CODER),
                              sandbox=sandbox, invalid_action_penalty=invalid_action_penalty,
                              per_test_timeout_s=per_test_timeout_s, on_infra_error=on_infra_error)
        self.possible_agents = [TESTGEN, CODER]
        self.agents: list[str] = []
        self.n_actions = 1 + max(self.menu.size, self.pool_size)
        if self.action_mode == "menu":
            space = menu_observation_space(n_features(self.menu.size, self.pool_size), self.n_actions)
            self._observation_spaces = {agent: space for agent in self.possible_agents}
            action = spaces.Discrete(self.n_actions)
            self._action_spaces = {agent: action for agent in self.possible_agents}
            self.state_space = spaces.Box(-1e6, 1e6, (2 * space["observation"].shape[0],), np.float32)
        else:
            # PettingZoo's api_test checks the dtype of obs["observation"]: the text lives beside it
            text_obs = spaces.Dict({"observation": spaces.Box(0.0, 1.0, (len(HEADER),), np.float32), "text": text_space()})
            self._observation_spaces = {agent: text_obs for agent in self.possible_agents}
            self._action_spaces = {agent: text_space() for agent in self.possible_agents}
        self.np_random = np.random.default_rng()
        self._reset_state()

    # ------------------------------------------------------------------ spaces
    def observation_space(self, agent: str) -> spaces.Space:
        return self._observation_spaces[agent]

    def action_space(self, agent: str) -> spaces.Space:
        return self._action_spaces[agent]

    # ------------------------------------------------------------------ state
    def _reset_state(self) -> None:
        self.path = ""
        self.setup: TaskSetup | None = None
        self.round = 1
        self.suite: list[int] = []  # menu: pool indices chosen so far
        self.last_tests: list[IOTest] = []  # the latest judged suite (valid tests)
        self.last_failed: list[IOTest] = []  # the valid tests the coder's program failed last round
        self.last_judgement: SuiteJudgement | None = None
        self.wrong: list[dict[str, str]] = []  # earlier submissions that failed hidden tests
        self.wrong_fails: list[frozenset[int]] = []
        self.coder_fails: frozenset[int] | None = None  # pool failures of the coder's current program
        self.visible: TestReport | None = None
        self.previous_visible: TestReport | None = None
        self.hidden: TestReport | None = None
        self.invalid = {agent: False for agent in self.possible_agents}
        self.problems = {agent: "" for agent in self.possible_agents}
        self.rows: list[dict] = []
        self._memory = EpisodeMemory.start("")
        self._pool_cache: dict[str, frozenset[int] | None] = {}
        self._round_info: dict[str, Any] = {}
        self._judge_error = ""

    @property
    def source(self) -> str:
        """The coder's current program (its solution file)."""
        return self.engine.files.get(self.path, "")

    @property
    def task(self):
        """The episode's task (``None`` before the first reset)."""
        return self.engine.task

    def action_mask(self, agent: str) -> np.ndarray:
        """Valid menu actions of ``agent`` now (int8; only ``0`` once the episode has ended)."""
        mask = np.zeros(self.n_actions, dtype=np.int8)
        mask[0] = 1
        if self.engine.done or self.engine.task is None:
            return mask
        if agent == CODER:
            mask[1:1 + self.menu.size] = self.menu.mask()
        elif self.setup is not None:
            chosen = set(self.suite)
            for i in range(min(len(self.setup.pool), self.pool_size)):
                mask[1 + i] = 0 if i in chosen else 1
        return mask

    # ------------------------------------------------------------------ lifecycle
    def reset(self, seed: int | None = None, options: dict | None = None) -> tuple[dict, dict]:
        if seed is not None:
            self.np_random = np.random.default_rng(seed)
        # PettingZoo's api_test passes options of its own: only the engine's are forwarded
        task = self.engine.begin(self.np_random, {k: v for k, v in (options or {}).items() if k in RESET_OPTIONS})
        self._reset_state()
        path = task.meta.get("solution_path") if isinstance(task.meta, Mapping) else None
        if not isinstance(path, str) or path not in self.engine.files:
            python = [p for p in task.solution_paths if p.endswith(".py")] or list(task.solution_paths)
            path = python[0] if python else "solution.py"
        self.path = path
        self.setup = task_setup(self.engine.runner.sandbox, task, path,
                                pool_size=self.pool_size if self.action_mode == "menu" else 0,
                                n_mutants=self.n_mutants, seed=_task_seed(task.id, self.setup_seed))
        self.menu.start(self.source, (task.reference or {}).get(path, ""), restoring_edits(task))
        if self.action_mode == "menu":
            self.menu.build(self.np_random)
            self.coder_fails = self._pool_fails(self.engine.files)
        self._memory = EpisodeMemory.start(self.source)
        self.visible = self.engine.run_visible_tests()
        self.engine.observe_start(self.visible)
        self.agents = list(self.possible_agents)
        self._round_info = self._blank_round()
        return ({agent: self._observe(agent) for agent in self.agents},
                {agent: self._info(agent) for agent in self.agents})

    def close(self) -> None:
        self.engine.close()

    def render(self) -> str | None:
        if self.render_mode is None or self.engine.task is None:
            return None
        text = "\n\n".join(self._text_view(agent) for agent in self.possible_agents)
        if self.render_mode == "human":
            print(text)
            return None
        return text

    def state(self) -> np.ndarray:
        """A global view (menu variant): both seats' observation vectors side by side."""
        if self.action_mode != "menu":
            raise ConfigError("state() is defined for action_mode='menu' only")
        return np.concatenate([self._observe(agent)["observation"] for agent in self.possible_agents])

    # ------------------------------------------------------------------ runs
    def _pool_fails(self, files: Mapping[str, str]) -> frozenset[int] | None:
        """The pool tests ``files`` fail (memoised per episode and, by content, by the engine's runner)."""
        setup = self.setup
        if setup is None or not setup.pool:
            return frozenset()
        key = files.get(self.path, "")
        if key not in self._pool_cache:
            report = self.engine.runner.run(dict(files), render_suite(setup.imports, setup.pool),
                                            per_test_timeout=GENERATED_TEST_TIMEOUT_S)
            self._pool_cache[key] = pool_failures(report, len(setup.pool))
        return self._pool_cache[key]

    def _hidden_run(self) -> TestReport:
        return self.engine.runner.run(dict(self.engine.files), self.engine.task.hidden_tests,
                                      per_test_timeout=self.engine.per_test_timeout)

    # ------------------------------------------------------------------ actions
    def _index(self, agent: str, action: Any) -> tuple[int, str]:
        if isinstance(action, np.ndarray) and action.size == 1 and np.issubdtype(action.dtype, np.integer):
            action = action.reshape(()).item()
        if isinstance(action, (bool, np.bool_)) or not isinstance(action, (int, np.integer)):
            return 0, f"{agent}: the action must be an int menu index in 0..{self.n_actions - 1}, got {type(action).__name__}"
        index = int(action)
        if not 0 <= index < self.n_actions:
            return 0, f"{agent}: action {index} is out of range 0..{self.n_actions - 1}"
        if not self.action_mask(agent)[index]:
            return 0, f"{agent}: action {index} is masked (empty slot or a test already chosen); see obs['action_mask']"
        return index, ""

    def _coder_act(self, action: Any) -> tuple[str, bool]:
        """Apply the coder's action to its files; (problem, submitted)."""
        if self.action_mode == "menu":
            index, problem = self._index(CODER, action)
            if index > 0:
                entry = self.menu.apply(index - 1)
                self.engine.write_file(self.path, entry.result)
                self._memory.record(entry.edit, entry.result)
            return problem, False
        try:
            editable = [p for p in self.engine.task.solution_paths if p in self.engine.files] or [self.path]
            files, submit = apply_coder_action(action, self.engine.files, editable)
        except ActionError as exc:
            return str(exc), False
        for path, text in files.items():
            if self.engine.files.get(path) != text:
                self.engine.write_file(path, text)
        return "", submit

    def _generator_tests(self, action: Any) -> tuple[list[IOTest], str]:
        """The text generator's suite for this round (empty with a problem on a malformed action)."""
        if not isinstance(action, str):
            return [], f"a generator action is JSON text, got {type(action).__name__}"
        if len(action) > MAX_GENERATOR_CHARS:
            return [], f"the action is {len(action)} characters long; the limit is {MAX_GENERATOR_CHARS}"
        try:
            payload = json.loads(action)
        except (ValueError, RecursionError) as exc:
            return [], (f'the action is not valid JSON ({str(exc)[:120]}); send {{"tests": [{{"args": [...], '
                        f'"expected": ...}}]}}')
        if isinstance(payload, dict):
            if set(payload) != {"tests"}:
                return [], 'the action must be {"tests": [...]} or a JSON list of tests'
            payload = payload["tests"]
        try:
            return parse_io_tests(payload, list(self.engine.task.entry_points), self.max_tests), ""
        except ActionError as exc:
            return [], str(exc)

    # ------------------------------------------------------------------ the round
    def step(self, actions: Mapping[str, Any]) -> tuple[dict, dict, dict, dict, dict]:
        if not self.agents:  # the episode is over: nothing lives to act (PettingZoo's dead-step contract)
            return {}, {}, {}, {}, {}
        actions = actions if isinstance(actions, Mapping) else {}
        rewards = {agent: 0.0 for agent in self.agents}
        self._judge_error = ""
        coder_problem, submitted = self._coder_act(actions.get(CODER))
        self.previous_visible = self.visible
        self.visible = self.engine.run_visible_tests()
        self.hidden = self._hidden_run()
        judgement, gen_problem, tests = self._judge(actions.get(TESTGEN))
        event = self._event(judgement)
        self.invalid = {TESTGEN: bool(gen_problem), CODER: bool(coder_problem)}
        self.problems = {TESTGEN: gen_problem, CODER: coder_problem}
        rewards[TESTGEN] += self.engine.step(TESTGEN, action=event, problem=gen_problem).reward
        rewards[CODER] += self.engine.step(CODER, tests=self.visible, action=event, problem=coder_problem).reward
        self._after_round(judgement, tests)
        final = submitted or self.round >= self.max_rounds
        if final:
            self.engine.end(None)
            for agent in self.possible_agents:
                rewards[agent] += self.engine.settle(agent).reward
        self._round_info = {**event["generator"], **event["coder"], "round": self.round,
                            "hidden_verdict": verdict_of(self.hidden)}
        self.rows.append({"round": self.round, **{f"reward:{a}": rewards[a] for a in self.possible_agents},
                          **{f"return:{a}": self.engine.seats[a].episode_return for a in self.possible_agents},
                          "hidden_verdict": verdict_of(self.hidden), "valid_tests": event["generator"]["valid_tests"],
                          "invalid_tests": event["generator"]["invalid_tests"],
                          "candidate_fails": event["generator"]["candidate_fails"],
                          "mutants_killed": event["generator"]["mutants_killed"],
                          "mutant_pool": event["generator"]["mutant_pool"]})
        if not final:
            self.round += 1
            if self.action_mode == "menu":
                self.menu.build(self.np_random)
        observations = {agent: self._observe(agent) for agent in self.possible_agents}
        infos = {agent: self._info(agent) for agent in self.possible_agents}
        terminations = {agent: final for agent in self.possible_agents}
        truncations = {agent: False for agent in self.possible_agents}
        if final:
            self.agents = []
        return observations, rewards, terminations, truncations, infos

    def _judge(self, action: Any) -> tuple[SuiteJudgement, str, list[IOTest]]:
        """This round's suite judged against S_r and M; (judgement, generator's problem, the valid tests)."""
        setup = self.setup
        candidate = dict(self.engine.files)
        if self.action_mode == "menu":
            index, problem = self._index(TESTGEN, action)
            if index > 0:
                self.suite.append(index - 1)
            self.suite = self.suite[-self.max_tests:]
            fails = self._pool_fails(candidate)
            judgement = judge_pool(self.suite, fails, [*setup.mutant_fails, *self.wrong_fails])
            return judgement, problem, [setup.pool[i] for i in judgement.valid]
        tests, problem = self._generator_tests(action)
        try:
            judgement = judge_suite(self.engine.runner.sandbox, self.engine.task.reference, candidate, setup.imports,
                                    tests, [*setup.mutants, *self.wrong], run_tests)
        except CodegymError as exc:  # the sandbox failed: nothing is counted (the reward is flagged invalid)
            judgement = SuiteJudgement((), (), 0, (), None, 0, len(setup.mutants) + len(self.wrong), infra_error=True)
            self._judge_error = f"{type(exc).__name__}: {exc}"
        kept = dedupe(tests)[0]
        return judgement, problem, [kept[i] for i in judgement.valid if i < len(kept)]

    def _event(self, judgement: SuiteJudgement) -> dict:
        hidden = self.hidden
        return {"event": EVENT, "round": self.round,
                "generator": {"candidate_fails": judgement.candidate_fails, "mutants_killed": judgement.killed,
                              "mutant_pool": judgement.pool, "invalid_tests": len(judgement.invalid),
                              "valid_tests": len(judgement.valid), "duplicates": judgement.duplicates,
                              "infra_error": judgement.infra_error},
                "coder": {"hidden_pass": hidden.pass_fraction if hidden.total else 0.0,
                          "generated_pass": -1.0 if judgement.candidate_pass is None else judgement.candidate_pass,
                          "infra_error": bool(hidden.infra_error or judgement.infra_error)}}

    def _after_round(self, judgement: SuiteJudgement, tests: list[IOTest]) -> None:
        """Remember what the next round sees: the judged suite, the coder's failures, a wrong S_r joins M."""
        self.last_judgement = judgement
        self.last_tests = tests
        failed = set(judgement.candidate_failed)
        if self.action_mode == "menu":
            self.last_failed = [self.setup.pool[i] for i in judgement.candidate_failed]
            self.coder_fails = self._pool_fails(self.engine.files)
        else:
            self.last_failed = [t for k, t in zip(judgement.valid, tests) if k in failed]
        wrong = not self.hidden.infra_error and not self.hidden.all_passed
        files = dict(self.engine.files)
        known = [dict(m) for m in self.setup.mutants] + self.wrong
        if wrong and files not in known:
            self.wrong.append(files)
            if self.action_mode == "menu":
                fails = self._pool_fails(files)
                self.wrong_fails.append(fails if fails is not None else frozenset())

    # ------------------------------------------------------------------ what is seen
    def _blank_round(self) -> dict:
        return {"round": 0, "candidate_fails": False, "mutants_killed": 0,
                "mutant_pool": len(self.setup.mutants) if self.setup else 0, "invalid_tests": 0, "valid_tests": 0,
                "duplicates": 0, "infra_error": False, "hidden_pass": 0.0, "generated_pass": -1.0,
                "hidden_verdict": ""}

    def _info(self, agent: str) -> dict:
        info = self.engine.info(agent)
        info["action_error"] = self.problems.get(agent, "")  # this agent's own refused action, not the other's
        info.update(self._round_info)
        if self.action_mode == "menu":
            verdict = info.pop("hidden_verdict")
            info = numeric_info(info)
            info["hidden_verdict"] = verdict_code(verdict)
        else:
            info["judge_error"] = self._judge_error
        return info

    def observe(self, agent: str) -> Any:
        """``agent``'s observation now."""
        return self._observe(agent)

    def _observe(self, agent: str) -> Any:
        header = np.zeros(len(HEADER), dtype=np.float32)
        header[0 if agent == TESTGEN else 1] = 1.0
        header[2] = min(1.0, self.round / self.max_rounds)
        header[3] = float(self.invalid.get(agent, False))
        header[4] = len(self.suite) / self.max_tests
        if self.last_tests:
            header[5] = len(self.last_failed) / len(self.last_tests)
        if self.action_mode == "text":
            return {"observation": header, "text": fit_text(self._text_view(agent))}
        size = self.menu.size
        tests = np.zeros(N_TEST_FEATURES, dtype=np.float32)
        suite = np.zeros(len(SUITE_FEATURES), dtype=np.float32)
        menu = np.zeros((size, N_CANDIDATE_FEATURES), dtype=np.float32)
        pool = np.zeros((self.pool_size, N_POOL_FEATURES), dtype=np.float32)
        live = self.engine.task is not None and not self.engine.done and self.setup is not None
        if live and agent == CODER:
            signals = failure_signals(self.visible, self.path)
            tests = report_features(self.visible, self.previous_visible, signals, self.invalid[CODER])
            suite = suite_vector(self.last_judgement is not None, len(self.last_failed), len(self.last_tests),
                                 self.max_tests)
            menu = candidate_features(self.source, self.menu.entries, signals, self._memory, size)
        elif live:
            pool = pool_rows(self.setup.pool, self.pool_size, self.suite, self.setup.mutant_fails, self.coder_fails,
                             self.wrong_fails, self.setup.from_visible)
        features = np.concatenate([header, tests, suite, menu.reshape(-1), pool.reshape(-1)]).astype(np.float32)
        return {"observation": np.clip(features, -1e6, 1e6), "action_mask": self.action_mask(agent)}

    def _text_view(self, agent: str) -> str:
        task = self.engine.task
        if task is None:
            return ""
        lines = [f"role: {'test generator' if agent == TESTGEN else 'coder'}", f"round: {self.round}/{self.max_rounds}",
                 "", task.statement.strip(), "", f"entry points: {', '.join(task.entry_points)}"]
        if agent == CODER:
            lines += [f"--- {self.path} (your current program)", _clip(self.source)]
            if self.visible is not None:
                lines += [f"--- visible tests: {self.visible.passed}/{self.visible.total} passed",
                          self.visible.failure_text(1500)]
            if self.last_tests:
                lines += [f"--- the generator's valid tests last round: you failed {len(self.last_failed)} of "
                          f"{len(self.last_tests)}", render_tests(self.last_failed)]
            lines += ['act with tool calls (one, or a JSON list): {"tool": "write_file", "args": {"path": '
                      f'"{self.path}", "text": "..."}}}}, replace_lines / insert_lines / replace_symbol as in CodeEdit, '
                      '{"tool": "submit"} to end after this round']
        else:
            lines += [f"--- the coder's latest program ({self.path})", _clip(self.source)]
            j = self.last_judgement
            if j is not None:
                lines += [f"--- your last suite: {len(j.valid)} valid, {len(j.invalid)} invalid, {j.duplicates} "
                          f"duplicates; the coder failed {len(j.candidate_failed)}; mutants killed {j.killed}/{j.pool}"]
            lines += ['act with {"tests": [{"call": "<entry point>", "args": [...], "expected": ...}, ...]} '
                      f"(at most {self.max_tests} tests; tests the reference fails cost 0.2 each); "
                      '"args_py"/"expected_py" take Python literals in a string, e.g. "(0, 1)", for tuples or bytes']
        return "\n".join(lines)

    # ------------------------------------------------------------------ experts (ground truth; not observed)
    def oracle_action(self, agent: str) -> Any:
        """The scripted expert's action: the coder restores the reference, the generator tests the hidden inputs.

        Text generator: the hidden tests' calls with the reference's outputs, those the coder's
        latest program fails first (at most ``max_tests``). Menu generator: the unchosen pool test that fails the coder's latest program, else
        the one killing the most mutants (the pool holds no hidden input).
        """
        if self.engine.done or self.engine.task is None:
            return 0 if self.action_mode == "menu" else ""
        if agent == CODER:
            if self.action_mode == "menu":
                toward = self.menu.toward_indices()
                return toward[0] + 1 if toward else 0
            reference = (self.engine.task.reference or {}).get(self.path, self.source)
            return json.dumps({"tool": "write_file", "args": {"path": self.path, "text": reference}})
        if self.action_mode == "menu":
            mask = self.action_mask(TESTGEN)
            best, score = 0, 0.0
            for i in range(len(self.setup.pool)):
                if not mask[i + 1]:
                    continue
                value = 2.0 * float(self.coder_fails is not None and i in self.coder_fails)
                value += sum(i in f for f in self.setup.mutant_fails) / max(1, len(self.setup.mutant_fails))
                if value > score:
                    best, score = i + 1, value
            return best
        oracle = list(self.setup.oracle_tests)
        fails = pool_failures(self.engine.runner.run(dict(self.engine.files), render_suite(self.setup.imports, oracle),
                                                     per_test_timeout=GENERATED_TEST_TIMEOUT_S), len(oracle)) \
            if oracle else frozenset()
        ranked = sorted(range(len(oracle)), key=lambda k: (fails is None or k not in fails, k))  # failing ones first
        tests = [{"call": oracle[k].entry_point, "args_py": repr(oracle[k].args), "expected_py": repr(oracle[k].expected)}
                 for k in ranked[:self.max_tests]]
        return json.dumps({"tests": tests})

    def random_action(self, agent: str) -> Any:
        """A uniformly random valid action (menu: an unmasked index; text: keep / an empty suite)."""
        if self.action_mode == "menu":
            return int(self.action_space(agent).sample(self.action_mask(agent)))
        if agent == CODER:
            return json.dumps({"tool": "write_file", "args": {"path": self.path, "text": self.source}})
        return json.dumps({"tests": []})


def _clip(source: str, limit: int = 8000) -> str:
    """A program as shown in a text view: at most ``limit`` characters (the view's other parts stay visible)."""
    source = source.rstrip("\n")
    return source if len(source) <= limit else source[:limit] + f"\n... [{len(source) - limit} more characters]"


def raw_env(**kwargs: Any) -> parallel_to_aec_wrapper:
    """The AEC form: PettingZoo's conversion of the Parallel env (no checking wrappers)."""
    return parallel_to_aec_wrapper(parallel_env(**kwargs))


def env(**kwargs: Any):
    """The AEC form inside PettingZoo's order-enforcing wrapper."""
    return wrappers.OrderEnforcingWrapper(raw_env(**kwargs))


# ---------------------------------------------------------------------- scripted play

Policy = Callable[[Any, dict], Any]


def scripted_policies() -> dict[str, Callable[[parallel_env, str, np.random.Generator], Policy]]:
    """``{"random": factory, "oracle": factory}``; ``factory(env, agent, rng)`` returns ``policy(obs, info) -> action``.

    ``random``: a uniformly random unmasked index (menu), the unchanged program / an empty
    suite (text). ``oracle``: :meth:`parallel_env.oracle_action`.

    Example:
        >>> sorted(scripted_policies())
        ['oracle', 'random']
    """
    def random_factory(env: parallel_env, agent: str, rng: np.random.Generator) -> Policy:
        def act(obs: Any, info: dict) -> Any:
            if env.action_mode == "menu":
                mask = obs["action_mask"]
                choices = np.flatnonzero(mask)
                return int(rng.choice(choices)) if choices.size else 0
            return env.random_action(agent)
        return act

    def oracle_factory(env: parallel_env, agent: str, rng: np.random.Generator) -> Policy:
        return lambda obs, info: env.oracle_action(agent)

    return {"random": random_factory, "oracle": oracle_factory}


def play(env: parallel_env, policies: Mapping[str, str | Policy], seed: int | None = None,
         options: dict | None = None) -> list[dict]:
    """Play one episode with ``policies`` (``{agent: "random" | "oracle" | policy}``); one row per round.

    Each row: ``round``, ``reward:<agent>``, ``return:<agent>`` (the running return),
    ``hidden_verdict`` of the coder's program, and the suite's judgement.

    Example:
        >>> rows = play(parallel_env(action_mode="menu"), {"testgen_0": "random", "coder_0": "oracle"}, seed=0)  # doctest: +SKIP
        >>> rows[-1]["hidden_verdict"]  # doctest: +SKIP
        'solved'
    """
    base = env.unwrapped if hasattr(env, "unwrapped") else env
    factories = scripted_policies()
    rng = np.random.default_rng(seed)
    acting: dict[str, Policy] = {}
    for agent in base.possible_agents:
        spec = policies.get(agent, "random")
        if isinstance(spec, str):
            if spec not in factories:
                raise ConfigError(f"unknown scripted policy {spec!r} for {agent}; choose from {sorted(factories)}")
            acting[agent] = factories[spec](base, agent, rng)
        else:
            acting[agent] = spec
    obs, infos = base.reset(seed=seed, options=options)
    while base.agents:
        actions = {agent: acting[agent](obs[agent], infos[agent]) for agent in base.agents}
        obs, _, _, _, infos = base.step(actions)
    return [dict(row) for row in base.rows]

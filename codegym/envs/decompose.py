"""``codegym/Decompose-v2`` (text) and ``codegym/DecomposeMenu-v2`` (numeric): a manager and a worker.

One turn machine with two levels (:class:`DecomposeMachine`, over one engine
:class:`~codegym.engine.Episode` with the seats ``manager`` and ``worker``); the acting
level is in every observation (``obs["level"]``: 0 manager, 1 worker).

* **Manager** — sees the statement, the parts and each part's visible pass fraction;
  acts ``select(k)`` (hand part k to the worker: an *option* starts) or ``submit`` (the
  hidden tests judge the files; the episode ends). Text: ``{"tool": "select", "args":
  {"part": 1}}`` (an index or the part's name) / ``{"tool": "submit", "args": {}}``.
  Menu: ``0`` submits, ``1 + k`` selects part k.
  Reward: ``parts`` = +c per part that passes its visible tests for the first time in
  the episode (paid on the step it happens, whoever acts), plus the engine's
  ``completion`` term of the hidden verdict at the end (a ``timeout`` pays no more than
  submitting the same files); at the end ``parts_unconfirmed`` takes back the +c of every
  part whose own hidden tests (``test_<part>.py``) do not all pass.
* **Worker** — acts inside part k. Text: the CodeEdit tool calls (``tools.py``) plus
  ``{"tool": "yield", "args": {}}``. Menu: ``0`` yields, ``1 + i`` applies entry i of a
  RepairMenu-style menu (:class:`~codegym.code.menu.EditMenu`) of edits
  confined to part k's tree-sitter span (:func:`part_regions`). Every edit that changes
  a file re-runs the visible tests (memoised by content). Reward (intrinsic, per step):
  ``progress`` = Φ_k(s') − Φ_k(s) with Φ_k the visible pass fraction of part k
  (potential-based: oscillating edits earn 0), ``part_passed`` = +1 the first time part k
  passes in the episode, ``regression`` = −1 per other part whose fraction drops; at the
  end ``unconfirmed`` takes back the +1 of parts whose hidden tests fail and the progress
  paid for a part beyond its hidden pass fraction.
* An **option** ends when part k passes, the worker yields, its budget of
  ``worker_budget`` steps runs out, or the episode ends; control returns to the manager.
* Bad actions at either level (a part that does not exist, ``submit`` mid-option, worker
  tools while the manager is to act, a masked menu slot, malformed JSON ...) never
  raise: ``info["action_error"]`` says what was wrong and what to do, and the acting
  level pays ``invalid_action_penalty`` (term ``invalid_action``).

The step reward of this flat env is ``manager_reward + worker_reward`` of the step;
``info`` holds them apart: ``level``, ``part``, ``part_status`` (fractions),
``manager_reward``, ``worker_reward``, ``manager_terms``, ``worker_terms``,
``termination`` (why an option ended on this step, else ``""``), ``action_mask``, and
the engine's keys (``INFO_KEYS``; ``reward_terms`` holds both levels' terms, prefixed).

Cheapest policies and what they earn (proved in ``tests/envs/test_decompose_incentives.py``):
a worker that yields at once earns 0 (the same as an honest worker that changes nothing);
a worker that breaks another part and later repairs it earns ≤ 0 (−1 per regression, no
second bonus); a worker that hard-codes a part's visible examples has its bonus and its
progress taken back at the end, and so has the manager its +c (net 0, as for doing
nothing); a manager that submits at once earns ``completion(failed)``; a manager
that selects one part forever earns at most the ``parts`` bonus of that part plus a
``timeout`` completion, which is never more than submitting the same files.

Example:
    >>> import gymnasium as gym, codegym
    >>> env = gym.make("codegym/DecomposeMenu-v2")  # doctest: +SKIP
    >>> obs, info = env.reset(seed=0)  # doctest: +SKIP
    >>> obs["level"], info["part_status"]  # doctest: +SKIP
    (0, [0.0, 0.0])
    >>> obs, r, term, trunc, info = env.step(env.unwrapped.oracle_action())  # doctest: +SKIP
"""

from __future__ import annotations

import ast
import json
from dataclasses import dataclass, field
from typing import Any, Mapping, Sequence

import gymnasium as gym
import numpy as np
from gymnasium import spaces

import codegym.tasks
from codegym.code.outline import outline
from codegym.engine import Episode, StepOutcome
from codegym.envs import tools
from codegym.envs.codeedit import describe_exec, describe_tests, outline_of
from codegym.envs.core import DEFAULT, RENDER_MODES, CodingEnv
from codegym.envs.repair_features import N_CANDIDATE_FEATURES, static_features
from codegym.envs.spaces import fit_text, text_space
from codegym.errors import ActionError, ConfigError, TaskError
from codegym.code.menu import EditMenu
from codegym.sandbox import ExecResult
from codegym.tasks import Task, TaskSet
from codegym.verdict import TEST_DIR, TestReport

MANAGER, WORKER = 0, 1
LEVELS = ("manager", "worker")
MAX_PARTS = 4
SOLUTION = "solution.py"
TERMINATIONS = ("", "part_passed", "yield", "budget", "episode_end", "submit", "invalid")
MANAGER_TERMS = ("parts",)
WORKER_TERMS = ("progress", "part_passed", "regression")
STATEMENT_CHARS = 16_384
OUTPUT_CHARS = 16_384
ERROR_CHARS = 4_096


# ---------------------------------------------------------------------------- tasks and parts
def multipart_tasks(tasks: Any = None, max_parts: int = MAX_PARTS) -> TaskSet:
    """The tasks with at most ``max_parts`` parts: of ``tasks`` (ids, a source, a TaskSet), or the
    builtin pack's multi-part tasks plus the ``composed`` source when ``tasks`` is None.
    A task without parts is served as one part (the whole file, every visible test).

    Example:
        >>> len(multipart_tasks()) >= 50  # doctest: +SKIP
        True
    """
    from codegym.engine import resolve_tasks

    if tasks is None:
        chosen = [t for t in codegym.tasks.load("builtin") if t.parts] + list(codegym.tasks.load("composed"))
    else:
        chosen = list(resolve_tasks(tasks, "builtin"))
    kept = [t for t in chosen if len(t.parts) <= max_parts and SOLUTION in t.files and SOLUTION in t.reference]
    if not kept:
        raise ConfigError(f"tasks={tasks!r} holds no task with at most {max_parts} parts and a {SOLUTION}; "
                          f"use tasks=None (builtin multi-part + composed) or raise max_parts")
    return TaskSet(kept, name="multipart")


def part_of_node(node: str, names: Sequence[str]) -> str | None:
    """The part a test node id belongs to (its file is ``test_<part>.py``), else None.

    Example:
        >>> part_of_node("_codegym_tests/test_encode.py::test_examples", ["encode", "decode"])
        'encode'
    """
    module = node.removeprefix(TEST_DIR + "/").split("::", 1)[0].rsplit("/", 1)[-1]
    name = module.removeprefix("test_").removesuffix(".py")
    return name if module.startswith("test_") and name in names else None


def part_fractions(report: TestReport | None, names: Sequence[str], whole: bool = False) -> np.ndarray:
    """Per part, the fraction of its visible tests that passed (0 for a part with no outcome);
    ``whole``: one part that every test belongs to.

    Example:
        >>> r = TestReport(outcomes={"_codegym_tests/test_a.py::t1": "passed", "_codegym_tests/test_a.py::t2": "failed"})
        >>> part_fractions(r, ["a", "b"]).tolist()
        [0.5, 0.0]
    """
    passed = np.zeros(len(names))
    total = np.zeros(len(names))
    if report is not None and not report.timed_out:
        index = {name: i for i, name in enumerate(names)}
        for node, outcome in report.outcomes.items():
            part = names[0] if whole else part_of_node(node, names)
            if part is not None:
                total[index[part]] += 1
                passed[index[part]] += outcome == "passed"
    return np.divide(passed, total, out=np.zeros(len(names)), where=total > 0)


def part_regions(source: str, entry_points: Sequence[str]) -> dict[str, tuple[int, int]]:
    """Each part's region of ``source``: 1-based inclusive lines from just after the previous
    part's definition (or line 1) to the end of its own top-level definition. Parts whose
    definition is missing are left out.

    Example:
        >>> part_regions("import re\\n\\ndef a():\\n    pass\\n\\ndef b():\\n    pass\\n", ["a", "b"])
        {'a': (1, 4), 'b': (5, 7)}
    """
    found = {s.name: s for s in outline(source) if s.depth == 0 and s.name in entry_points}
    ordered = sorted(found.values(), key=lambda s: s.start_line)
    regions: dict[str, tuple[int, int]] = {}
    previous_end = 0
    for symbol in ordered:
        regions[symbol.name] = (previous_end + 1, symbol.end_line)
        previous_end = symbol.end_line
    return regions


def _lines(source: str, first: int, last: int) -> str:
    lines = source.splitlines(keepends=True)
    text = "".join(lines[first - 1:last])
    return text if text.endswith("\n") or not text else text + "\n"


def _defined(node: ast.stmt) -> set[str]:
    if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)):
        return {node.name}
    if isinstance(node, (ast.Import, ast.ImportFrom)):
        return {(a.asname or a.name).split(".")[0] for a in node.names}
    names: set[str] = set()
    for target in getattr(node, "targets", [getattr(node, "target", None)]):
        if target is not None:
            names |= {n.id for n in ast.walk(target) if isinstance(n, ast.Name)}
    return names


def _used(node: ast.AST) -> set[str]:
    return {n.id for n in ast.walk(node) if isinstance(n, ast.Name)}


def part_targets(task: Task) -> dict[str, str]:
    """For each part, the text its region (in the task's starting file) takes in the solved file:
    the region with its definition replaced by the reference's definition, preceded by the
    reference's module-level code it needs (helpers, constants, imports; other parts excluded).

    Filling every region with its target gives a file that passes every test (checked for
    every multi-part task by the oracle test).
    """
    start, reference = task.files[SOLUTION], task.reference[SOLUTION]
    entries = [p.entry_point for p in task.parts]
    body = ast.parse(reference).body
    segments = [ast.get_source_segment(reference, node, padded=False) or ast.unparse(node) for node in body]
    for i, node in enumerate(body):
        decorators = getattr(node, "decorator_list", [])
        if decorators:
            first = min(d.lineno for d in decorators)
            segments[i] = _lines(reference, first, node.end_lineno).rstrip("\n")
    defines = [_defined(node) for node in body]
    regions = part_regions(start, entries)
    targets: dict[str, str] = {}
    for entry in entries:
        if entry not in regions:
            raise TaskError(f"task {task.id!r}: part {entry!r} has no top-level definition in the starting {SOLUTION}")
        own = next((i for i, names in enumerate(defines) if entry in names
                    and isinstance(body[i], (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef))), None)
        if own is None:
            raise TaskError(f"task {task.id!r}: the reference defines no {entry!r}")
        needed, frontier = {own}, [own]
        while frontier:
            names = _used(body[frontier.pop()])
            for i, defined in enumerate(defines):
                if i not in needed and defined & names and not (defined & set(entries)):
                    needed.add(i)
                    frontier.append(i)
        block = "\n\n\n".join(segments[i] for i in sorted(needed)) + "\n"
        first, last = regions[entry]
        symbol = next(s for s in outline(start) if s.depth == 0 and s.name == entry)
        before = _lines(start, first, symbol.start_line - 1) if symbol.start_line > first else ""
        targets[entry] = before + block
    return targets


# ---------------------------------------------------------------------------- the machine
@dataclass
class Transition:
    """What one step of the machine paid each level, and how the option stood after it."""

    manager_reward: float = 0.0
    worker_reward: float = 0.0
    manager_terms: dict = field(default_factory=dict)
    worker_terms: dict = field(default_factory=dict)
    terminated: bool = False
    truncated: bool = False
    termination: str = ""
    acted: str = "manager"


class DecomposeMachine:
    """The manager/worker turn machine over one :class:`Episode` (no Gymnasium, no PettingZoo).

    Views (the two Gymnasium envs here, the wrappers, the AEC env) call :meth:`begin`,
    :meth:`manager_act` and :meth:`worker_act`; the worker's own action (a tool call or a
    menu slot) is carried out by the view through :meth:`apply_tool` / :meth:`apply_menu`.

    Example:
        >>> machine = DecomposeMachine(Episode(tasks=["builtin/vigenere"], agents=LEVELS))  # doctest: +SKIP
        >>> machine.begin(np.random.default_rng(0)).id  # doctest: +SKIP
        'builtin/vigenere'
        >>> machine.manager_act(("select", 0)).termination  # doctest: +SKIP
        ''
    """

    def __init__(self, engine: Episode, *, worker_budget: int = 8, part_reward: float = 1.0,
                 max_parts: int = MAX_PARTS, menu_size: int = 16) -> None:
        for name, value, low in (("worker_budget", worker_budget, 1), ("max_parts", max_parts, 1),
                                 ("menu_size", menu_size, 1)):
            if isinstance(value, bool) or not isinstance(value, (int, np.integer)) or int(value) < low:
                raise ConfigError(f"{name} must be an int >= {low}, got {value!r}")
        if isinstance(part_reward, bool) or not isinstance(part_reward, (int, float)) or not np.isfinite(part_reward):
            raise ConfigError(f"part_reward (c, paid per part that newly passes) must be a finite number, got {part_reward!r}")
        self.engine = engine
        self.worker_budget = int(worker_budget)
        self.part_reward = float(part_reward)
        self.max_parts = int(max_parts)
        self.menu = EditMenu(int(menu_size))
        self.level = MANAGER
        self.part = -1
        self.selected = -1  # the part the manager's latest action selected (-1: none)
        self.option_steps = 0
        self.whole = False  # a task without parts: one part, the whole file
        self.names: list[str] = []  # part names (their tests are test_<name>.py)
        self.entries: list[str] = []  # their entry points (their regions of the solution file)
        self.fractions = np.zeros(0)
        self.ever_passed = np.zeros(0, dtype=bool)
        self.manager_paid = np.zeros(0, dtype=bool)
        self.worker_paid = np.zeros(0, dtype=bool)
        self.credit = np.zeros(0)
        self.targets: dict[str, str] = {}
        self.output = ""
        self.last = Transition()

    # ---- state
    @property
    def task(self) -> Task:
        return self.engine.task

    @property
    def passing(self) -> np.ndarray:
        return self.fractions >= 1.0

    @property
    def done(self) -> bool:
        return self.engine.done

    def begin(self, rng: np.random.Generator, options: dict | None = None) -> Task:
        """Start an episode: draw the task, run the visible tests once, the manager acts first."""
        task = self.engine.begin(rng, options)
        if len(task.parts) > self.max_parts or SOLUTION not in task.files or SOLUTION not in task.reference:
            raise TaskError(f"task {task.id!r} has {len(task.parts)} parts; the decomposition env needs at most "
                            f"{self.max_parts} parts in {SOLUTION} (pick a multi-part task)")
        self.whole = not task.parts
        self.names = [p.name for p in task.parts] or [task.name]
        self.entries = [p.entry_point for p in task.parts] or [task.name]
        self.targets = part_targets(task) if task.parts else {task.name: task.reference[SOLUTION]}
        report = self.engine.run_visible_tests()
        self.engine.observe_start(report)
        self.fractions = part_fractions(report, self.names, self.whole)
        self.ever_passed = self.passing.copy()
        self.manager_paid = np.zeros(len(self.names), dtype=bool)  # parts whose +c was paid
        self.worker_paid = np.zeros(len(self.names), dtype=bool)  # parts whose +1 was paid
        self.credit = np.zeros(len(self.names))  # progress paid per part
        self.level, self.part, self.option_steps, self.selected = MANAGER, -1, 0, -1
        self.output = describe_tests(report)
        self.last = Transition()
        self._pay_manager(self.last, None, newly=0)
        self._pay_worker(self.last, None, progress=0.0, bonus=0.0, regressions=0)
        self.menu.entries = []
        return task

    def manager_mask(self) -> np.ndarray:
        """``[submit, select 0, ..., select max_parts-1]`` (int8): which manager actions are valid."""
        mask = np.zeros(1 + self.max_parts, dtype=np.int8)
        if not self.done and self.level == MANAGER:
            mask[0] = 1
            mask[1:1 + len(self.names)] = 1
        return mask

    def region(self, k: int | None = None) -> tuple[int, int] | None:
        """Part k's (default: the chosen part's) region in the current solution file, 1-based
        inclusive lines (None when it has no definition); a part-less task's one part is the file."""
        k = self.part if k is None else k
        if k < 0:
            return None
        source = self.engine.files.get(SOLUTION, "")
        if self.whole:
            return 1, max(1, len(source.splitlines()))
        return part_regions(source, self.entries).get(self.entries[k])

    def build_menu(self, rng: np.random.Generator) -> list:
        """The worker's menu for this turn: edits confined to the chosen part's region."""
        span = self.region() if self.level == WORKER and not self.done else None
        if span is None:
            self.menu.entries = []
            return []
        source = self.engine.files[SOLUTION]
        self.menu.start(_lines(source, *span), self.targets[self.entries[self.part]], [])
        return self.menu.build(rng)

    # ---- manager
    def parse_manager(self, action: Any) -> tuple[str, int]:
        """``("submit", -1)`` or ``("select", k)`` from a menu index, a tuple, or a JSON/dict tool call."""
        if isinstance(action, tuple) and len(action) == 2 and action[0] in ("select", "submit"):
            kind, arg = action
            return (kind, -1) if kind == "submit" else ("select", self._part_index(arg))
        if isinstance(action, (int, np.integer)) and not isinstance(action, bool) or (
                isinstance(action, np.ndarray) and action.shape == () and action.dtype.kind in "iu"):
            index = int(action)
            if index == 0:
                return "submit", -1
            if 1 <= index <= len(self.names):
                return "select", index - 1
            raise ActionError(f"manager action {index} selects no part: this task has {len(self.names)} parts "
                              f"(0 submits, 1..{len(self.names)} select a part)")
        call = _tool_call(action, "the manager's action")
        name, args = call
        if name == "submit":
            return "submit", -1
        if name == "select":
            if not isinstance(args, Mapping) or set(args) != {"part"}:
                raise ActionError("select takes exactly one argument, 'part' (an index or a part name), "
                                  f"e.g. {{\"tool\": \"select\", \"args\": {{\"part\": 0}}}}; parts: {self.names}")
            return "select", self._part_index(args["part"])
        if name == "yield" or name in tools.TOOLS_BY_NAME:
            raise ActionError(f"{name!r} is a worker tool, but the manager is to act: select a part "
                              f"({{\"tool\": \"select\", \"args\": {{\"part\": 0}}}}) or submit")
        raise ActionError(f"unknown manager tool {str(name)[:60]!r}; the manager's tools are 'select' and 'submit'")

    def _part_index(self, part: Any) -> int:
        if isinstance(part, str) and part in self.names:
            return self.names.index(part)
        if isinstance(part, str) and part in self.entries:
            return self.entries.index(part)
        if isinstance(part, (int, np.integer)) and not isinstance(part, bool) and 0 <= int(part) < len(self.names):
            return int(part)
        raise ActionError(f"part {str(part)[:60]!r} does not exist; this task's parts are "
                          f"{list(enumerate(self.names))} (select by index or name)")

    def manager_act(self, action: Any) -> Transition:
        """One manager step: ``select(k)`` starts an option, ``submit`` ends the episode."""
        if self.done:
            return self._ended("manager")
        problem, kind, k = "", "", -1
        if self.level != MANAGER:
            problem = "the worker is to act (an option is running); the manager cannot act now"
        else:
            try:
                kind, k = self.parse_manager(action)
            except ActionError as exc:
                problem = str(exc)
        outcome = self.engine.step("manager", problem=problem, submit=kind == "submit",
                                   action={"level": "manager", "kind": kind, "part": k} if kind else None)
        transition = Transition(acted="manager", termination="invalid" if problem else "")
        self.selected = k if kind == "select" else -1
        self._pay_manager(transition, outcome, newly=0)
        self._pay_worker(transition, None, progress=0.0, bonus=0.0, regressions=0)
        if kind == "select" and not self.done:
            self.part, self.option_steps = k, 0
            if self.passing[k]:
                transition.termination = "part_passed"
                self.output = f"part {k} ({self.names[k]}) already passes its visible tests; nothing to do"
                self.part = -1
            else:
                self.level = WORKER
                self.output = f"option: part {k} ({self.names[k]}), worker budget {self.worker_budget} steps"
        elif kind == "submit":
            final = self.engine.final
            self.output = f"submitted: hidden tests {final.passed}/{final.total} passed; verdict {self.engine.verdict}"
            transition.termination = "submit"
        elif problem:
            self.output = ""
        return self._finish(transition, outcome)

    # ---- worker
    def apply_tool(self, action: Any) -> tuple[str, TestReport | None, tuple[ExecResult, ...], bool, Any]:
        """Carry out a text worker action: ``(problem, report, executions, yielded, call dict)``."""
        try:
            name, args = _tool_call(action, "the worker's action")
            if name == "yield":
                if args not in (None, {}) and not (isinstance(args, Mapping) and not args):
                    raise ActionError("yield takes no arguments: {\"tool\": \"yield\", \"args\": {}}")
                self.output = "yielded"
                return "", None, (), True, {"tool": "yield"}
            if name in ("select",):
                raise ActionError("'select' is the manager's action; the worker edits its part or yields "
                                  "({\"tool\": \"yield\", \"args\": {}})")
            call = tools.parse_action(action)
            if call.name == "submit":
                raise ActionError("submit mid-option: only the manager submits; yield ({\"tool\": \"yield\", "
                                  "\"args\": {}}) to hand control back")
            report, executions = None, ()
            if call.name in tools.FILE_TOOLS:
                result = tools.run_file_tool(call.name, self.engine.files, call.args)
                self.output = result.output
                if result.edit is not None and self.engine.write_file(*result.edit):
                    report = self.engine.run_visible_tests()
            elif call.name == "run_tests":
                report = self.engine.run_visible_tests()
                self.output = describe_tests(report)
            elif call.name == "run_python":
                executions = (self.engine.run_python(call.args["code"]),)
                self.output = describe_exec(executions[0], float(self.task.timeout_s))
            return "", report, executions, False, call.as_dict()
        except ActionError as exc:
            self.output = ""
            return str(exc) or "invalid action", None, (), False, None

    def apply_menu(self, action: Any) -> tuple[str, TestReport | None, tuple[ExecResult, ...], bool, Any]:
        """Carry out a menu worker action (0 yields, 1 + i applies entry i)."""
        index = _index(action)
        if index is None:
            return (f"the worker's menu action must be an int (0 yields, 1..{self.menu.size} apply an entry), "
                    f"got {type(action).__name__}"), None, (), False, None
        if index == 0:
            self.output = "yielded"
            return "", None, (), True, {"slot": 0}
        span = self.region()
        if not 1 <= index <= len(self.menu.entries) or span is None:
            return (f"menu slot {index} is empty: the menu has {len(self.menu.entries)} entries "
                    f"(0 yields; read obs['action_mask'])"), None, (), False, None
        entry = self.menu.entries[index - 1]
        source = self.engine.files[SOLUTION]
        lines = source.splitlines(keepends=True)
        new = "".join(lines[:span[0] - 1]) + entry.result + "".join(lines[span[1]:])
        report = self.engine.run_visible_tests() if self.engine.write_file(SOLUTION, new) else None
        self.output = f"applied: {entry.edit.describe()}"
        return "", report, (), False, {"slot": index}

    def worker_act(self, applied: tuple[str, TestReport | None, tuple[ExecResult, ...], bool, Any],
                   tokens: int = 0) -> Transition:
        """Account for one worker step whose action ``apply_tool``/``apply_menu`` carried out."""
        problem, report, executions, yielded, call = applied
        if self.done:
            return self._ended("worker")
        if self.level != WORKER:
            problem = "the manager is to act: select a part or submit; worker actions are refused now"
            report, executions, yielded = None, (), False
        before = self.fractions
        after = part_fractions(report, self.names, self.whole) if report is not None and not report.infra_error else before
        k = self.part
        progress = float(after[k] - before[k]) if k >= 0 else 0.0
        newly = (after >= 1.0) & ~self.ever_passed
        bonus = float(newly[k]) if k >= 0 else 0.0
        others = np.arange(len(self.names)) != k
        regressions = int(np.sum((after < before) & others))
        self.fractions, self.ever_passed = after, self.ever_passed | newly
        self.manager_paid |= newly
        if k >= 0:
            self.credit[k] += progress
            self.worker_paid[k] |= bool(newly[k])
        if self.level == WORKER:
            self.option_steps += 1
        outcome = self.engine.step("worker", tests=report, executions=executions, action=call, problem=problem,
                                   tokens=tokens)
        transition = Transition(acted="worker")
        self._pay_worker(transition, outcome, progress=progress, bonus=bonus, regressions=regressions)
        self._pay_manager(transition, None, newly=int(np.sum(newly)))
        if problem:
            self.output = ""
        if self.level == WORKER:
            if self.done:
                transition.termination = "episode_end"
            elif self.passing[k]:
                transition.termination = "part_passed"
            elif yielded:
                transition.termination = "yield"
            elif self.option_steps >= self.worker_budget:
                transition.termination = "budget"
            if transition.termination:
                self.level, self.part = MANAGER, -1
        return self._finish(transition, outcome)

    # ---- rewards
    def _pay_manager(self, transition: Transition, outcome: StepOutcome | None, newly: int) -> None:
        seat = self.engine.seats["manager"]
        terms = {name: 0.0 for name in seat.composer.names} | {"invalid_action": 0.0}
        engine_reward = 0.0
        if outcome is not None:
            terms.update(seat.term_values())
            engine_reward = outcome.reward
        terms["parts"] = self.part_reward * newly
        terms["parts_unconfirmed"] = 0.0
        transition.manager_terms = terms
        transition.manager_reward = engine_reward + terms["parts"]

    def _pay_worker(self, transition: Transition, outcome: StepOutcome | None, progress: float, bonus: float,
                    regressions: int) -> None:
        terms = {"progress": progress, "part_passed": bonus, "regression": -float(regressions),
                 "unconfirmed": 0.0, "invalid_action": 0.0}
        engine_reward = 0.0
        if outcome is not None:
            engine_reward = outcome.reward
            terms["invalid_action"] = self.engine.seats["worker"].term_values()["invalid_action"]
        transition.worker_terms = terms
        transition.worker_reward = engine_reward + progress + bonus - regressions

    def _finish(self, transition: Transition, outcome: StepOutcome) -> Transition:
        """Settle the level that did not act when the episode ended; record the step."""
        transition.terminated, transition.truncated = outcome.terminated, outcome.truncated
        if self.done:
            other = "worker" if transition.acted == "manager" else "manager"
            settled = self.engine.settle(other)
            if other == "manager":
                seat = self.engine.seats["manager"]
                for name, value in seat.term_values().items():
                    if name != "invalid_action":
                        transition.manager_terms[name] = transition.manager_terms.get(name, 0.0) + value
                transition.manager_reward += settled.reward
            else:
                transition.worker_reward += settled.reward
            manager_claw, worker_claw = self._clawback()
            transition.manager_terms["parts_unconfirmed"] += manager_claw
            transition.manager_reward += manager_claw
            transition.worker_terms["unconfirmed"] += worker_claw
            transition.worker_reward += worker_claw
            self.level, self.part = MANAGER, -1
            if transition.termination != "submit":
                transition.termination = "episode_end"
        self.last = transition
        return transition

    def _clawback(self) -> tuple[float, float]:
        """What the hidden verdict run takes back at the end: the bonuses (+c, +1) of parts
        whose own hidden tests (``test_<part>.py``) do not all pass, and the progress paid
        for a part beyond its hidden pass fraction. Visible-test gaming (hard-coded
        examples) thus nets 0. Nothing is taken on an infrastructure failure."""
        final = self.engine.final
        if final is None or final.infra_error:
            return 0.0, 0.0
        hidden = part_fractions(final, self.names, self.whole)
        unconfirmed = hidden < 1.0
        manager = -self.part_reward * float(np.sum(self.manager_paid & unconfirmed))
        excess = np.clip(np.minimum(self.credit, self.fractions - hidden), 0.0, None)
        worker = -float(np.sum(self.worker_paid & unconfirmed)) - float(np.sum(excess))
        return manager, worker

    def _ended(self, acted: str) -> Transition:
        self.engine.step(acted)  # sets action_error to ENDED
        transition = Transition(acted=acted, terminated=True)
        self._pay_manager(transition, None, 0)
        self._pay_worker(transition, None, 0.0, 0.0, 0)
        self.last = transition
        return transition

    # ---- experts
    def solved_region(self, k: int) -> bool:
        """True when part k's region already holds its target text (the expert has nothing to add)."""
        span = self.region(k)
        return span is not None and _lines(self.engine.files[SOLUTION], *span) == self.targets[self.entries[k]]

    def oracle_manager(self) -> tuple[str, int]:
        """The expert manager: the first failing part whose region is not yet its target (a part
        waiting on another part is skipped); submit when none is left or time is short."""
        left = None if self.engine.max_steps is None else self.engine.max_steps - self.engine.steps
        todo = [k for k in range(len(self.names)) if not self.passing[k] and not self.solved_region(k)]
        if not todo or (left is not None and left <= 1):
            return "submit", -1
        return "select", todo[0]

    def oracle_tool(self) -> str:
        """The expert worker's tool call: replace the part's region by its target, else yield."""
        span = self.region()
        target = self.targets.get(self.entries[self.part]) if self.part >= 0 else None
        if span is None or target is None or _lines(self.engine.files[SOLUTION], *span) == target:
            return json.dumps({"tool": "yield", "args": {}})
        return json.dumps({"tool": "replace_lines", "args": {"path": SOLUTION, "start_line": span[0],
                                                              "end_line": span[1], "text": target}})

    def oracle_slot(self) -> int:
        """The expert worker's menu action: a slot moving the part toward its target, else 0 (yield)."""
        toward = self.menu.toward_indices()
        return 1 + toward[0] if toward else 0

    # ---- what is seen
    def info(self, acting: str | None = None) -> dict:
        """The engine's info (for the level that acted) plus the decomposition's keys."""
        t = self.last
        info = self.engine.info(acting or t.acted)
        terms = {k: float(v) for k, v in t.manager_terms.items()}
        for k, v in t.worker_terms.items():
            terms[k] = terms.get(k, 0.0) + float(v)  # only "invalid_action" is shared (one level acts)
        info["reward_terms"] = terms
        info.update({
            "level": self.level,
            "part": self.part,
            "selected": self.selected,
            "part_status": self.status_array()[:, 1].copy(),
            "parts_ever_passed": self.status_array()[:, 2].astype(bool),
            "option_steps": self.option_steps,
            "manager_reward": float(t.manager_reward),
            "worker_reward": float(t.worker_reward),
            "manager_terms": {k: float(v) for k, v in t.manager_terms.items()},
            "worker_terms": {k: float(v) for k, v in t.worker_terms.items()},
            "termination": t.termination,
        })
        return info

    def status_array(self) -> np.ndarray:
        """``(max_parts, 3)`` float32: per part ``[exists, visible pass fraction, ever passed]``."""
        out = np.zeros((self.max_parts, 3), dtype=np.float32)
        n = len(self.names)
        out[:n, 0] = 1.0
        out[:n, 1] = self.fractions
        out[:n, 2] = self.ever_passed
        return out

    def budget_array(self) -> np.ndarray:
        """``[worker budget left, episode steps left]`` as fractions (float32)."""
        worker = 1.0 - self.option_steps / self.worker_budget if self.level == WORKER else 1.0
        limit = self.engine.max_steps
        episode = 1.0 - self.engine.steps / limit if limit else 1.0
        return np.clip(np.array([worker, episode], dtype=np.float32), 0.0, 1.0)

    def describe(self) -> str:
        """The parts and their status, as text (what the manager reads)."""
        lines = [f"parts ({len(self.names)}):"]
        for k, name in enumerate(self.names):
            flag = "PASSES" if self.passing[k] else f"{self.fractions[k]:.0%} of visible tests pass"
            lines.append(f"  [{k}] {name}: {flag}")
        level = LEVELS[self.level]
        lines.append(f"acting: {level}" + (f" on part {self.part} ({self.names[self.part]}), "
                                            f"{self.worker_budget - self.option_steps} worker steps left"
                                            if self.level == WORKER else ""))
        return "\n".join(lines)


def _index(action: Any) -> int | None:
    if isinstance(action, bool):
        return None
    if isinstance(action, (int, np.integer)):
        return int(action)
    if isinstance(action, np.ndarray) and action.size == 1 and action.dtype.kind in "iu":
        return int(action.reshape(()))
    return None


def _tool_call(action: Any, what: str) -> tuple[Any, Any]:
    """``(tool name, args)`` from JSON text or a dict; ActionError otherwise."""
    if isinstance(action, str):
        if len(action) > tools.MAX_ACTION_CHARS:
            raise ActionError(f"{what} is {len(action)} characters long; the limit is {tools.MAX_ACTION_CHARS}")
        try:
            data = json.loads(action)
        except (ValueError, RecursionError) as exc:
            raise ActionError(f"{what} is not valid JSON ({str(exc)[:120]}); send one tool call such as "
                              f"{{\"tool\": \"select\", \"args\": {{\"part\": 0}}}}") from None
    elif isinstance(action, Mapping):
        data = action
    else:
        raise ActionError(f"{what} must be a tool call (JSON text or a dict), got {type(action).__name__}")
    if not isinstance(data, Mapping) or "tool" not in data:
        raise ActionError(f"{what} must be a JSON object with a 'tool' key, e.g. {{\"tool\": \"submit\", \"args\": {{}}}}")
    return data["tool"], data.get("args", {})


# ---------------------------------------------------------------------------- the Gymnasium views
class DecomposeEnv(CodingEnv):
    """``codegym/Decompose-v2``: both levels act through text tool calls (see the module docstring)."""

    default_max_steps = 60
    default_reward: Mapping[str, Any] = {"completion": 1.0}
    worker_default_budget = 10
    max_action_chars = tools.MAX_ACTION_CHARS

    def __init__(self, tasks: Any = None, curriculum: Any = None, reward: Mapping[str, Any] | None = None,
                 sandbox: Any = "auto", render_mode: str | None = None, max_steps: int | None | object = DEFAULT,
                 invalid_action_penalty: float = -1.0, test_timeout_s: float | None = None,
                 per_test_timeout_s: float | None = None, worker_budget: int | None = None,
                 part_reward: float = 1.0, max_parts: int = MAX_PARTS, menu_size: int = 16,
                 on_infra_error: str = "raise") -> None:
        if render_mode is not None and render_mode not in RENDER_MODES:
            raise ConfigError(f"render_mode must be one of {list(RENDER_MODES)} or None, got {render_mode!r}")
        self.render_mode = render_mode
        self._max_steps_given = max_steps is not DEFAULT
        steps = self.default_max_steps if max_steps is DEFAULT else max_steps
        rewards = {"manager": dict(reward or self.default_reward), "worker": {"completion": 0.0}}
        self.engine = Episode(tasks=multipart_tasks(tasks, max_parts), curriculum=curriculum, reward=rewards,
                              agents=LEVELS, sandbox=sandbox, max_steps=steps,
                              invalid_action_penalty=invalid_action_penalty, test_timeout_s=test_timeout_s,
                              per_test_timeout_s=per_test_timeout_s, on_infra_error=on_infra_error)
        self.machine = DecomposeMachine(self.engine, worker_budget=self.worker_default_budget if worker_budget is None else worker_budget,
                                        part_reward=part_reward, max_parts=max_parts, menu_size=menu_size)
        self.max_parts = int(max_parts)
        self._spaces()

    def _spaces(self) -> None:
        self.observation_space = spaces.Dict(self._common_spaces() | {
            "action_mask": spaces.MultiBinary(1 + self.max_parts),
            "statement": text_space(STATEMENT_CHARS),
            "outline": text_space(STATEMENT_CHARS),
            "output": text_space(OUTPUT_CHARS),
            "error": text_space(ERROR_CHARS),
        })
        self.action_space = text_space(self.max_action_chars)

    def _common_spaces(self) -> dict:
        return {
            "level": spaces.Discrete(2),
            "part": spaces.Discrete(self.max_parts + 1),
            "part_status": spaces.Box(0.0, 1.0, (self.max_parts, 3), np.float32),
            "budget": spaces.Box(0.0, 1.0, (2,), np.float32),
        }

    @property
    def rewards(self):
        """The manager's reward composer (the worker's reward is the machine's intrinsic terms)."""
        return self.engine.seats["manager"].composer

    @property
    def level(self) -> int:
        return self.machine.level

    def action_masks(self) -> np.ndarray:
        """The valid actions now (what MaskablePPO reads)."""
        return self._mask()

    def _mask(self) -> np.ndarray:
        if self.machine.level == MANAGER:
            return self.machine.manager_mask()
        mask = np.zeros(1 + self.max_parts, dtype=np.int8)
        mask[0] = 0 if self.done else 1
        return mask

    def _common_obs(self) -> dict:
        m = self.machine
        return {"level": int(m.level), "part": int(m.part + 1), "part_status": m.status_array(),
                "budget": m.budget_array()}

    def _observe(self) -> dict:
        m = self.machine
        statement = f"{self.task.statement}\n\n{m.describe()}" if self.task is not None else ""
        if m.level == WORKER and m.part >= 0:
            part = self.task.parts[m.part].statement if self.task.parts else self.task.statement
            statement = f"{part}\n\n{m.describe()}"
        return self._common_obs() | {
            "action_mask": self._mask(),
            "statement": fit_text(statement, STATEMENT_CHARS),
            "outline": fit_text(outline_of(self.files), STATEMENT_CHARS) if self.task is not None else "",
            "output": fit_text(m.output, OUTPUT_CHARS),
            "error": fit_text(self.engine.action_error or self.engine.failure_reason, ERROR_CHARS),
        }

    def _info(self) -> dict:
        info = self.machine.info()
        info["action_mask"] = self._mask()
        info["invalid_action"] = bool(info["action_error"])
        return info

    def reset(self, *, seed: int | None = None, options: dict | None = None) -> tuple[dict, dict]:
        gym.Env.reset(self, seed=seed)
        self.machine.begin(self.np_random, options)
        self._after_step()
        return self._observe(), self._info()

    def _after_step(self) -> None:
        """Hook: refresh per-turn state (the menu env draws the worker's menu)."""

    def _worker_apply(self, action: Any):
        return self.machine.apply_tool(action)

    def step(self, action: Any) -> tuple[dict, float, bool, bool, dict]:
        m = self.machine
        if m.done:
            t = m.manager_act(action)
        elif m.level == MANAGER:
            t = m.manager_act(action)
        else:
            t = m.worker_act(self._worker_apply(action), tokens=len(action) // 4 if isinstance(action, str) else 0)
        self._after_step()
        return self._observe(), float(t.manager_reward + t.worker_reward), t.terminated, t.truncated, self._info()

    def oracle_action(self) -> Any:
        """The expert's next action at the acting level (manager: first failing part / submit)."""
        if self.machine.level == MANAGER:
            kind, k = self.machine.oracle_manager()
            return json.dumps({"tool": "submit", "args": {}} if kind == "submit"
                              else {"tool": "select", "args": {"part": k}})
        return self.machine.oracle_tool()

    def manager_action(self, kind: str, part: int = -1) -> Any:
        """The env's encoding of a manager action (``"submit"`` or ``"select", k``)."""
        return json.dumps({"tool": "submit", "args": {}} if kind == "submit"
                          else {"tool": "select", "args": {"part": part}})

    def yield_action(self) -> Any:
        return json.dumps({"tool": "yield", "args": {}})

    def _render_text(self) -> str:
        text = super()._render_text()
        return f"{text}\n{self.machine.describe()}" if self.task is not None else text


class DecomposeMenuEnv(DecomposeEnv):
    """``codegym/DecomposeMenu-v2``: numeric; one ``Discrete(1 + max(max_parts, menu_size))`` for both levels.

    Manager: ``0`` submit, ``1 + k`` select part k. Worker: ``0`` yield, ``1 + i`` apply
    menu entry i (edits confined to part k's span). ``obs["candidates"]`` holds the
    entries' features (``repair_features.static_features``), ``obs["action_mask"]`` (and
    ``action_masks()``) the valid actions of the acting level.
    """

    default_max_steps = 40
    worker_default_budget = 6

    def _spaces(self) -> None:
        self.menu_size = self.machine.menu.size
        self.n_actions = 1 + max(self.max_parts, self.menu_size)
        self.observation_space = spaces.Dict(self._common_spaces() | {
            "action_mask": spaces.MultiBinary(self.n_actions),
            "candidates": spaces.Box(-1.0, 1.0, (self.menu_size, N_CANDIDATE_FEATURES), np.float32),
        })
        self.action_space = spaces.Discrete(self.n_actions)

    def _mask(self) -> np.ndarray:
        mask = np.zeros(self.n_actions, dtype=np.int8)
        if self.machine.level == MANAGER:
            manager = self.machine.manager_mask()
            mask[:len(manager)] = manager
        elif not self.done:
            mask[0] = 1
            mask[1:1 + len(self.machine.menu.entries)] = 1
        return mask

    def _after_step(self) -> None:
        self.machine.build_menu(self.np_random)

    def _worker_apply(self, action: Any):
        return self.machine.apply_menu(action)

    def _observe(self) -> dict:
        m = self.machine
        candidates = np.zeros((self.menu_size, N_CANDIDATE_FEATURES), dtype=np.float32)
        entries = m.menu.entries if m.level == WORKER else []
        if entries:
            rows = static_features(m.menu.source, [e.edit for e in entries])
            candidates[:len(rows)] = np.clip(rows, -1.0, 1.0)
        return self._common_obs() | {"action_mask": self._mask(), "candidates": candidates}

    def step(self, action: Any) -> tuple[dict, float, bool, bool, dict]:
        m = self.machine
        if not m.done and m.level == MANAGER:
            index = _index(action)
            if index is not None and index > m.max_parts:
                action = ("select", index - 1)  # an index past the parts: refused with the part's message
        return super().step(action)

    def oracle_action(self) -> int:
        if self.machine.level == MANAGER:
            kind, k = self.machine.oracle_manager()
            return 0 if kind == "submit" else 1 + k
        return self.machine.oracle_slot()

    def manager_action(self, kind: str, part: int = -1) -> int:
        return 0 if kind == "submit" else 1 + part

    def yield_action(self) -> int:
        return 0

    def describe_menu(self) -> list[str]:
        """What each worker menu entry does (text; the observation holds only numbers)."""
        return self.machine.menu.describe()

"""Per-task preparation of ``testgen_coder_v2``: mutant pool, candidate-test pool, oracle tests.

Everything here is a deterministic function of the task's content and the env's
settings, computed in the sandbox through the trusted harness and memoised in-process
(:data:`SETUP_CACHE`), so an env pays for a task once, and two envs built alike share it.

* **Mutants** — up to ``n_mutants`` single-bug mutants of the reference that really fail
  a hidden test (:func:`codegym.multiagent.judging.verified_mutants`).
* **Pool** (menu variant) — ``pool_size`` I/O tests: the literal calls of the task's
  *visible* tests and mutations of them, expected values from the reference (run twice),
  kept only when the reference passes the rendered test in two more runs. Each pool
  test's failures on every mutant are recorded once (:attr:`TaskSetup.mutant_fails`).
* **Oracle tests** — the hidden tests' own calls with the reference's outputs: only the
  scripted ``oracle`` generator reads them (never an observation).

Example:
    >>> setup = task_setup(sandbox, task, "solution.py", pool_size=8, n_mutants=3, seed=0)  # doctest: +SKIP
    >>> len(setup.pool) <= 8, len(setup.mutant_fails) == len(setup.mutants)  # doctest: +SKIP
    (True, True)
"""

from __future__ import annotations

import ast
import hashlib
import json
from collections import OrderedDict
from dataclasses import dataclass
from typing import Any, Mapping, Sequence

import numpy as np

from codegym.code.mutations import mutate
from codegym.errors import ConfigError, SandboxError
from codegym.multiagent.judging import run_pool, verified_mutants
from codegym.multiagent.testpool import IOTest, candidate_calls, import_lines, reference_tests, seed_calls
from codegym.tasks import Task, TaskSet
from codegym.tasks.sources.mutations import make_repair_task
from codegym.verdict import run_tests

#: Memoised setups (an entry holds a few programs and tests: small).
SETUP_CACHE: "OrderedDict[str, TaskSetup]" = OrderedDict()
SETUP_CACHE_SIZE = 256


@dataclass(frozen=True)
class TaskSetup:
    """What one task needs for testgen rounds (see the module docstring)."""

    imports: tuple[str, ...]
    mutants: tuple[Mapping[str, str], ...]
    pool: tuple[IOTest, ...]
    mutant_fails: tuple[frozenset[int], ...]
    from_visible: tuple[bool, ...]
    oracle_tests: tuple[IOTest, ...]


def _key(task: Task, path: str, pool_size: int, n_mutants: int, seed: int) -> str:
    parts = [task.id, path, sorted(task.reference.items()), sorted(task.visible_tests.items()),
             sorted(task.hidden_tests.items()), list(task.entry_points), pool_size, n_mutants, seed]
    return hashlib.sha256(json.dumps(parts, ensure_ascii=False).encode("utf-8", "surrogatepass")).hexdigest()


def function_style(task: Task) -> bool:
    """True when the task's visible tests call an entry-point *function* of the reference with literal arguments.

    Example:
        >>> import codegym.tasks
        >>> function_style(codegym.tasks.get("humaneval/000_has_close_elements"))
        True
    """
    functions = set()
    for path, text in (task.reference or {}).items():
        if path.endswith(".py"):
            try:
                tree = ast.parse(text)
            except SyntaxError:
                continue
            functions |= {node.name for node in tree.body if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef))}
    entries = [e for e in task.entry_points if e in functions]  # classes' instances are no literals
    return bool(entries) and bool(seed_calls(task.visible_tests, entries))


def task_setup(sandbox: Any, task: Task, path: str, *, pool_size: int, n_mutants: int, seed: int) -> TaskSetup:
    """The task's setup, built on first use (SandboxError when the sandbox fails while building it)."""
    key = _key(task, path, pool_size, n_mutants, seed)
    found = SETUP_CACHE.get(key)
    if found is not None:
        SETUP_CACHE.move_to_end(key)
        return found
    setup = _build(sandbox, task, path, pool_size, n_mutants, seed)
    SETUP_CACHE[key] = setup
    while len(SETUP_CACHE) > SETUP_CACHE_SIZE:
        SETUP_CACHE.popitem(last=False)
    return setup


def _build(sandbox: Any, task: Task, path: str, pool_size: int, n_mutants: int, seed: int) -> TaskSetup:
    reference = dict(task.reference)
    imports = tuple(import_lines({**task.visible_tests, **task.hidden_tests}, task.entry_points))
    mutants = tuple(verified_mutants(sandbox, reference, path, task.hidden_tests, n_mutants, seed, run_tests)) \
        if n_mutants else ()
    seeds = {f"{e}{a!r}" for e, a in seed_calls(task.visible_tests, task.entry_points)}
    pool: tuple[IOTest, ...] = ()
    fails: tuple[frozenset[int], ...] = ()
    if pool_size:
        calls = candidate_calls(task.visible_tests, task.entry_points, pool_size * 2, seed)
        candidates = reference_tests(sandbox, reference, imports, calls)
        first = run_pool(run_tests, sandbox, reference, imports, candidates)
        second = run_pool(run_tests, sandbox, reference, imports, candidates)
        if first is None or second is None:
            raise SandboxError(f"the sandbox failed while validating the test pool of {task.id}; retry")
        pool = tuple(t for k, t in enumerate(candidates) if k not in first and k not in second)[:pool_size]
        rows = []
        for mutant in mutants:
            row = run_pool(run_tests, sandbox, mutant, imports, pool) if pool else frozenset()
            if row is None:
                raise SandboxError(f"the sandbox failed while running the test pool on a mutant of {task.id}; retry")
            rows.append(row)
        fails = tuple(rows)
    hidden_calls = seed_calls(task.hidden_tests, task.entry_points)
    oracle = tuple(reference_tests(sandbox, reference, imports, hidden_calls))
    return TaskSetup(imports, mutants, pool, fails, tuple(f"{t.entry_point}{t.args!r}" in seeds for t in pool), oracle)


def single_bug_repairs(task_ids: Sequence[str], seed: int = 0) -> TaskSet:
    """One single-bug repair task per base task id (unverified mutants, seeded): small task mixes for tests and demos.

    Example:
        >>> repairs = single_bug_repairs(["humaneval/000_has_close_elements"], seed=1)
        >>> repairs[0].id, repairs[0].files["solution.py"] != repairs[0].reference["solution.py"]
        ('mutations/000_has_close_elements__b1_1', True)
    """
    import codegym.tasks

    found = []
    for task_id in task_ids:
        base = codegym.tasks.get(task_id)
        python = [p for p in base.reference if p.endswith(".py")]
        if len(python) != 1:
            raise ConfigError(f"{task_id}: single_bug_repairs needs a task with one Python reference file, got {python}")
        mutation = mutate(base.reference[python[0]], np.random.default_rng(seed), n_bugs=1)
        found.append(make_repair_task(base, python[0], mutation.source, mutation.restoring_edits, 1, seed))
    return TaskSet(found, name="single-bug-repairs")

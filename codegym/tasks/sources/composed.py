"""Multi-part tasks composed from HumanEval problems: several problems as one ``solution.py``.

Each composed task holds 2 or 3 HumanEval problems whose prompts need nothing but
imports (no helper a second problem could clash with) and whose docstrings have
``>>>`` examples (so every part has visible tests). Per part ``<entry>``:

* ``tests/visible/test_<entry>.py``: the docstring examples (as the ``humaneval`` source);
* ``tests/hidden/test_<entry>.py``: the problem's ``check`` (as the ``humaneval`` source);

and ``tests/hidden/test_integration.py`` imports every entry point from the one module
and runs every problem's ``check`` against it in one test: it passes only when all the
parts work together in one ``solution.py``.

The selection is deterministic (a fixed seed over the eligible problems, no two tasks
with the same problems), so task ids are stable: ``composed/<nnn>_<entry1>__<entry2>``.

Example:
    >>> from codegym.tasks import load
    >>> tasks = load("composed")  # doctest: +SKIP
    >>> task = next(iter(tasks))  # doctest: +SKIP
    >>> [p.name for p in task.parts], sorted(task.hidden_tests)  # doctest: +SKIP
    (['has_close_elements', 'below_zero'], ['test_below_zero.py', 'test_has_close_elements.py', 'test_integration.py'])
"""

from __future__ import annotations

import ast
import random
from pathlib import Path
from typing import Sequence

from codegym.errors import ConfigError
from codegym.tasks.model import Task, TaskPart
from codegym.tasks.sources.base import TaskSource
from codegym.tasks.sources.humaneval import _difficulty, hidden_tests, prompt_context, read_problems, visible_tests
from codegym.tasks.taskset import TaskSet

DEFAULT_COUNT = 48
SEED = 13


def eligible(problem: dict) -> bool:
    """True when the prompt's context is only imports and the docstring gives visible examples.

    Example:
        >>> eligible({"task_id": "HumanEval/0", "entry_point": "f", "prompt": "def f(x):\\n    '''>>> f(1)\\n    1\\n    '''\\n"})
        True
    """
    context = prompt_context(problem)
    try:
        body = ast.parse(context).body if context else []
    except SyntaxError:
        return False
    return all(isinstance(node, (ast.Import, ast.ImportFrom)) for node in body) and bool(visible_tests(problem))


def choose_groups(problems: Sequence[dict], count: int, seed: int = SEED) -> list[list[dict]]:
    """``count`` distinct groups of 2 or 3 problems with distinct entry points (deterministic)."""
    rng = random.Random(seed)
    groups: list[list[dict]] = []
    seen: set[tuple[str, ...]] = set()
    attempts = 0
    while len(groups) < count and attempts < count * 200:
        attempts += 1
        size = 3 if len(groups) % 3 == 2 else 2
        chosen = rng.sample(list(problems), size)
        entries = [p["entry_point"] for p in chosen]
        key = tuple(sorted(p["task_id"] for p in chosen))
        if len(set(entries)) != size or key in seen:
            continue
        seen.add(key)
        groups.append(sorted(chosen, key=lambda p: int(p["task_id"].split("/")[-1])))
    return groups


def integration_test(problems: Sequence[dict]) -> str:
    """A test module that imports every entry point from ``solution`` and runs every ``check``."""
    entries = [p["entry_point"] for p in problems]
    checks = {p["entry_point"]: (prompt_context(p) + "\n\n" + p["test"]).strip("\n") + "\n" for p in problems}
    lines = [f"from solution import {', '.join(entries)}", "", "_CHECKS = {"]
    lines += [f"    {entry!r}: {source!r}," for entry, source in checks.items()]
    lines += ["}", "", "",
              "def _check(entry, function):",
              "    namespace = {'__name__': 'check_' + entry}",
              "    exec(compile(_CHECKS[entry], 'check_' + entry, 'exec'), namespace)",
              "    namespace['check'](function)", "", "",
              "def test_integration():",
              "    # every part, imported together from the one module, passes its problem's check"]
    lines += [f"    _check({entry!r}, {entry})" for entry in entries]
    return "\n".join(lines) + "\n"


def compose(index: int, problems: Sequence[dict]) -> Task:
    """One multi-part task from ``problems`` (see the module docstring)."""
    entries = [p["entry_point"] for p in problems]
    start = "\n\n".join(p["prompt"].rstrip("\n") + "\n    pass\n" for p in problems)
    reference = "\n\n".join((p["prompt"] + p["canonical_solution"]).rstrip("\n") + "\n" for p in problems)
    parts = tuple(TaskPart(name=p["entry_point"], entry_point=p["entry_point"],
                           statement=f"Complete `{p['entry_point']}` as its docstring describes.\n\n{p['prompt']}")
                  for p in problems)
    listing = ", ".join(f"`{e}`" for e in entries)
    statement = (f"solution.py holds {len(problems)} functions ({listing}); complete each as its docstring "
                 f"describes. Each part has its own tests, and an integration test uses them together.\n\n"
                 + "\n".join(p["prompt"] for p in problems))
    difficulty = min(5, max(_difficulty(p["canonical_solution"]) for p in problems) + (len(problems) > 2))
    return Task(
        id=f"composed/{index:03d}_{'__'.join(entries)}",
        statement=statement,
        files={"solution.py": start},
        visible_tests={f"test_{p['entry_point']}.py": visible_tests(p) for p in problems},
        hidden_tests={**{f"test_{p['entry_point']}.py": hidden_tests(p) for p in problems},
                      "test_integration.py": integration_test(problems)},
        reference={"solution.py": reference},
        difficulty=difficulty,
        tags=("composed", "multipart", "humaneval", "function"),
        entry_points=tuple(entries),
        timeout_s=20.0,
        memory_mb=256,
        parts=parts,
        meta={"humaneval_ids": [p["task_id"] for p in problems]},
    )


class ComposedSource(TaskSource):
    """Multi-part tasks of 2-3 HumanEval problems each (offline, deterministic).

    ``count`` tasks (default 48) are drawn with ``seed`` from the eligible problems.
    """

    name = "composed"
    description = "multi-part tasks: 2-3 HumanEval problems as one module, per-part and integration tests"

    def __init__(self, count: int = DEFAULT_COUNT, seed: int = SEED, path: str | Path | None = None) -> None:
        if isinstance(count, bool) or not isinstance(count, int) or not 1 <= count <= 500:
            raise ConfigError(f"composed: count must be an int in 1..500, got {count!r}")
        if isinstance(seed, bool) or not isinstance(seed, int):
            raise ConfigError(f"composed: seed must be an int, got {seed!r}")
        self.count, self.seed = count, seed
        self.path = Path(path) if path else None

    def load(self) -> TaskSet:
        problems = [p for p in read_problems(self.path) if eligible(p)]
        groups = choose_groups(problems, self.count, self.seed)
        if len(groups) < self.count:
            raise ConfigError(f"composed: only {len(groups)} distinct groups can be made from {len(problems)} "
                              f"eligible problems; ask for count <= {len(groups)}")
        return TaskSet((compose(i, group) for i, group in enumerate(groups)), name=self.name)

"""HumanEval checks call the task's helpers (``poly``, ``encode_cyclic``, ...), never the solution's."""

from __future__ import annotations

import ast

import pytest

import codegym
import codegym.tasks
from codegym.tasks.sources.humaneval import read_problems
from codegym.verdict import run_tests

#: Solutions that redefine the prompt's helper so that a wrong entry point passes checks
#: that call the helper: every one returns nonsense.
CHEATS = {
    "HumanEval/32": '''import math


def poly(xs: list, x: float):
    return 0


def find_zero(xs: list):
    return 0.0
''',
    "HumanEval/38": '''def encode_cyclic(s: str):
    return s


def decode_cyclic(s: str):
    return s
''',
    "HumanEval/50": '''def encode_shift(s: str):
    return s


def decode_shift(s: str):
    return s
''',
}


def _task(humaneval_id: str):
    return next(t for t in codegym.tasks.load("humaneval") if t.meta["humaneval_id"] == humaneval_id)


def test_tests_import_only_the_entry_point_from_the_solution():
    for problem in read_problems():
        task = _task(problem["task_id"])
        prompt_names = {n.name for n in ast.parse(problem["prompt"]).body
                        if isinstance(n, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef))}
        for name, source in {**task.visible_tests, **task.hidden_tests}.items():
            tree = ast.parse(source)
            from_solution = {alias.name for node in ast.walk(tree) if isinstance(node, ast.ImportFrom)
                             and node.module == "solution" for alias in node.names}
            assert from_solution == {problem["entry_point"]}, (task.id, name)
            defined = {n.name for n in tree.body if isinstance(n, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef))}
            assert prompt_names - {problem["entry_point"]} <= defined, (task.id, name)


@pytest.fixture(scope="module")
def sb():
    with codegym.make_sandbox() as sandbox:
        yield sandbox


@pytest.mark.parametrize("humaneval_id", sorted(CHEATS))
def test_redefined_helpers_do_not_pass_but_the_canonical_solution_does(sb, humaneval_id):
    task = _task(humaneval_id)
    cheat = run_tests(sb, {"solution.py": CHEATS[humaneval_id]}, task.hidden_tests)
    assert not cheat.infra_error and cheat.total >= 1
    assert not cheat.all_passed, cheat.outcomes
    canonical = run_tests(sb, task.reference, task.hidden_tests)
    assert canonical.all_passed, canonical.failure_text()


def test_the_poly_cheat_passed_tests_that_took_poly_from_the_solution(sb):
    """The flaw fixed: with ``poly`` imported from the solution, the cheat of HumanEval/32 passed."""
    task = _task("HumanEval/32")
    check = next(p for p in read_problems() if p["task_id"] == "HumanEval/32")["test"]
    old_style = {"test_hidden.py": f"import math\nfrom solution import poly, find_zero\n\n{check}\n\n"
                                   "def test_check():\n    check(find_zero)\n"}
    assert run_tests(sb, {"solution.py": CHEATS["HumanEval/32"]}, old_style).all_passed
    assert not run_tests(sb, {"solution.py": CHEATS["HumanEval/32"]}, task.hidden_tests).all_passed

"""The ``composed`` task source: multi-part tasks of 2-3 HumanEval problems, validated in the sandbox."""

from __future__ import annotations

import ast

import pytest

import codegym.tasks
import codegym.tasks.loading
from codegym import plugins
from codegym.errors import ConfigError
from codegym.tasks.sources.composed import ComposedSource, choose_groups, eligible
from codegym.tasks.sources.humaneval import prompt_context, read_problems
from codegym.tasks.validation import check_task, check_tasks
from codegym.verdict import run_tests


@pytest.fixture(scope="module")
def composed():
    return codegym.tasks.load("composed")


def test_registered_as_a_task_source():
    assert "composed" in plugins.entry_points("codegym.tasks")
    assert "composed" in codegym.tasks.loading.sources()


def test_with_the_builtin_multipart_tasks_there_are_at_least_fifty(composed):
    builtin = [t for t in codegym.tasks.load("builtin") if t.parts]
    assert len(composed) == 48 and len(builtin) + len(composed) >= 50
    assert len(set(composed.ids)) == len(composed)
    assert composed.ids == ComposedSource().load().ids  # deterministic ids


def test_every_task_has_per_part_tests_and_an_integration_test(composed):
    for task in composed:
        names = [p.name for p in task.parts]
        assert 2 <= len(names) <= 3 and len(set(names)) == len(names)
        assert set(task.visible_tests) == {f"test_{n}.py" for n in names}
        assert set(task.hidden_tests) == {f"test_{n}.py" for n in names} | {"test_integration.py"}
        integration = task.hidden_tests["test_integration.py"]
        assert f"from solution import {', '.join(names)}" in integration
        for text in (*task.visible_tests.values(), *task.hidden_tests.values(), *task.files.values(),
                     *task.reference.values()):
            ast.parse(text)
        assert task.entry_points == tuple(names) and 1 <= task.difficulty <= 5


def test_only_problems_without_helpers_and_with_examples_are_used():
    problems = read_problems()
    chosen = [p for p in problems if eligible(p)]
    assert 50 <= len(chosen) < len(problems)
    for problem in chosen:
        context = prompt_context(problem)
        assert all(isinstance(n, (ast.Import, ast.ImportFrom)) for n in ast.parse(context).body)


def test_bad_options_are_refused():
    with pytest.raises(ConfigError, match="count"):
        ComposedSource(count=0)
    with pytest.raises(ConfigError, match="count"):
        ComposedSource(count=501)
    with pytest.raises(ConfigError, match="seed"):
        ComposedSource(seed="13")
    few = [p for p in read_problems() if eligible(p)][:3]
    groups = choose_groups(few, 10)  # 3 problems make 3 pairs and 1 triple at most
    assert len(groups) <= 4 and len({tuple(p["task_id"] for p in g) for g in groups}) == len(groups)


def test_a_few_tasks_validate_in_the_sandbox(sandbox, composed):
    for task in list(composed)[:3]:
        check = check_task(sandbox, task)
        assert check.ok, (task.id, check.problems())


def test_the_integration_test_needs_every_part(sandbox, composed):
    task = next(t for t in composed if len(t.parts) == 2)
    by_id = {p["task_id"]: p for p in read_problems()}
    first, second = (by_id[i] for i in task.meta["humaneval_ids"])
    # the first part solved, the second left as its stub
    broken = first["prompt"] + first["canonical_solution"] + "\n\n" + second["prompt"] + "    pass\n"
    report = run_tests(sandbox, {"solution.py": broken}, task.hidden_tests, per_test_timeout=20)
    first_tests = [o for node, o in report.outcomes.items() if f"test_{first['entry_point']}.py" in node]
    assert first_tests and all(o == "passed" for o in first_tests)
    assert [o for node, o in report.outcomes.items() if "test_integration.py" in node] == ["failed"]


@pytest.mark.slow
def test_every_composed_task_validates(sandbox, composed):
    bad = [(c.task_id, c.problems()) for c in check_tasks(sandbox, composed) if not c.ok]
    assert not bad

"""HumanEval offline: 164 problems, and a sample validated in the real sandbox."""

from __future__ import annotations

import codegym
import codegym.tasks
from codegym.tasks.validation import check_tasks


def test_yields_164_tasks_offline():
    ts = codegym.tasks.load("humaneval")
    assert len(ts) == 164
    assert set(ts.difficulties()) <= {1, 2, 3, 4, 5}
    task = ts[0]
    assert task.id.startswith("humaneval/000_")
    assert "def test_case_000" in task.hidden_tests["test_hidden.py"]
    assert task.reference["solution.py"].startswith(task.files["solution.py"][:-9])  # prompt shared


def test_every_humaneval_task_is_valid_in_the_sandbox():
    ts = codegym.tasks.load("humaneval")
    with codegym.make_sandbox() as sb:
        checks = check_tasks(sb, ts)
    bad = [(c.task_id, c.problems()) for c in checks if not c.ok]
    assert bad == []

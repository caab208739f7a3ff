"""The builtin pack: size, coverage, and every task valid in the real sandbox."""

from __future__ import annotations

import codegym
import codegym.tasks
from codegym.tasks.validation import check_tasks


def test_pack_size_and_coverage():
    ts = codegym.tasks.load("builtin")
    assert len(ts) >= 60
    assert set(ts.difficulties()) == {1, 2, 3, 4, 5}
    assert len(ts.filter(tags=["multipart"])) >= 10
    assert len(ts.filter(tags=["bugfix"])) >= 10
    for task in ts.filter(tags=["multipart"]):
        assert len(task.parts) >= 2, task.id


def test_every_builtin_task_is_valid_in_the_sandbox():
    ts = codegym.tasks.load("builtin")
    with codegym.make_sandbox() as sb:
        checks = check_tasks(sb, ts)
    bad = [(c.task_id, c.problems()) for c in checks if not c.ok]
    assert bad == []

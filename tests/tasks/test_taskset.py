"""TaskSet: lookup, filters, stable splits."""

from __future__ import annotations

import pytest

import codegym.tasks
from codegym.errors import TaskError
from codegym.tasks.taskset import SPLITS, TaskSet, split_of


@pytest.fixture(scope="module")
def builtin():
    return codegym.tasks.load("builtin")


def test_get_and_close_matches(builtin):
    first = builtin[0]
    assert builtin.get(first.id) is first
    with pytest.raises(TaskError, match="did you mean"):
        builtin.get(first.id + "x")


def test_filter_by_difficulty_and_tags(builtin):
    easy = builtin.filter(difficulty=1)
    assert len(easy) > 0 and all(t.difficulty == 1 for t in easy)
    bugfix = builtin.filter(tags=["bugfix"])
    assert all("bugfix" in t.tags for t in bugfix)
    assert len(builtin.filter(difficulty=[1, 2])) == len(easy) + len(builtin.filter(difficulty=2))


def test_splits_partition_and_are_stable(builtin):
    parts = [builtin.split(name) for name in SPLITS]
    ids = [i for p in parts for i in p.ids]
    assert sorted(ids) == sorted(builtin.ids)
    assert len(parts[0]) > len(parts[1])
    # membership depends on the id only, not on the rest of the set
    subset = TaskSet(list(builtin)[:7])
    assert all(split_of(t.id) == ("train" if t.id in parts[0] else "validation" if t.id in parts[1] else "test") for t in subset)
    with pytest.raises(TaskError, match="unknown split"):
        builtin.split("dev")


def test_duplicate_ids_refused(builtin):
    with pytest.raises(TaskError, match="twice"):
        TaskSet([builtin[0], builtin[0]])

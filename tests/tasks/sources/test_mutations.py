"""The mutations source: hundreds of verified repair tasks from the builtin pack."""

from __future__ import annotations

import random

import pytest

import codegym
import codegym.tasks
from codegym.code.mutations import apply_edits
from codegym.tasks.sources.mutations import MutationSource, restoring_edits
from codegym.verdict import run_tests


@pytest.fixture(scope="module")
def repairs(tmp_path_factory):
    cache = tmp_path_factory.mktemp("mutation-cache")
    mp = pytest.MonkeyPatch()
    mp.setenv("CODEGYM_CACHE", str(cache))
    try:
        yield MutationSource(seed=0).load()  # verified in the sandbox, no cache to lean on
    finally:
        mp.undo()


def test_at_least_300_distinct_verified_repairs(repairs):
    assert len(repairs) >= 300
    sources = {t.files[t.meta["solution_path"]] for t in repairs}
    assert len(sources) == len(repairs)
    assert set(repairs.difficulties()) >= {1, 2, 3}


def test_restoring_edits_give_back_the_reference(repairs):
    for task in repairs:
        path = task.meta["solution_path"]
        assert apply_edits(task.files[path], restoring_edits(task)) == task.reference[path], task.id


def test_sample_fails_before_and_passes_after_restoring(repairs):
    sample = random.Random(0).sample(list(repairs), 12)
    with codegym.make_sandbox() as sb:
        for task in sample:
            path = task.meta["solution_path"]
            broken = run_tests(sb, {path: task.files[path]}, task.hidden_tests)
            assert not broken.all_passed and not broken.infra_error, task.id
            fixed = apply_edits(task.files[path], restoring_edits(task))
            assert run_tests(sb, {path: fixed}, task.hidden_tests).all_passed, task.id


def test_generation_is_deterministic_and_seeded():
    a = MutationSource(seed=0, verify=False).candidates()
    b = MutationSource(seed=0, verify=False).candidates()
    c = MutationSource(seed=1, verify=False).candidates()
    assert [t.files for t in a] == [t.files for t in b]
    assert [t.files for t in a] != [t.files for t in c]


def test_difficulty_grows_with_bugs():
    tasks = MutationSource(seed=0, verify=False).candidates()
    by_bugs = {}
    for task in tasks:
        by_bugs.setdefault(task.meta["n_bugs"], []).append(task.difficulty)
    means = [sum(v) / len(v) for _, v in sorted(by_bugs.items())]
    assert means == sorted(means) and means[0] < means[-1]


def test_cache_reused(tmp_path, monkeypatch):
    monkeypatch.setenv("CODEGYM_CACHE", str(tmp_path))
    source = MutationSource(seed=0, max_bugs=1, variants=1, base="builtin")
    first = source.load()
    assert list(tmp_path.rglob("*.json"))
    # a second load reads the cache: verification would need a sandbox, so forbid it
    monkeypatch.setattr(MutationSource, "verified_ids", lambda self, c: pytest.fail("cache not used"))
    assert MutationSource(seed=0, max_bugs=1, variants=1).load().ids == first.ids

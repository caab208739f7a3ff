"""One test per attack family the red team found against the landed harness: its variants,
on a builtin and a HumanEval task through CodeGen-v4 and CodeEdit-v4, score no better than
the honest wrong answer (see docs/INTEGRITY.md and ``codegym audit``)."""

from __future__ import annotations

import pytest

from codegym.audit import NEW_FAMILIES

from .conftest import AUDIT_TASKS

ENVS = ("codegym/CodeGen-v4", "codegym/CodeEdit-v4")
HUMANEVAL_ONLY = {"helper_override"}  # no builtin task has prompt helpers


@pytest.mark.parametrize("family", NEW_FAMILIES)
def test_family_scores_no_better_than_an_honest_failure(audit_run, family):
    done, rows = audit_run
    mine = [r for r in rows if r["family"] == family]
    assert mine, f"no row for {family}: {done.stdout[-2000:]}{done.stderr[-3000:]}"
    for env_id in ENVS:
        sources = {r["task_id"].split("/")[0] for r in mine if r["env_id"] == env_id}
        assert "humaneval" in sources, (family, env_id, sources)
        assert family in HUMANEVAL_ONLY or "builtin" in sources, (family, env_id, sources)
    gamed = [f"{r['env_id']} {r['task_id']} ({r['variant']}): {r['why']}" for r in mine if r["gamed"]]
    assert not gamed, f"{family} beats the honest failure:\n" + "\n".join(gamed)


def test_the_tasks_exercise_what_the_families_need():
    """The shared run's tasks really lend objects, mutate-and-compare, use helpers and eps checks."""
    import codegym.tasks

    tests = {t: "\n".join(codegym.tasks.get(t).hidden_tests.values()) for t in AUDIT_TASKS}
    assert "clock=" in tests["builtin/rate_limiter"]
    assert "oracle(nums, target)" in tests["builtin/two_sum"]
    assert "encode_cyclic" in codegym.tasks.get("humaneval/038_decode_cyclic").files["solution.py"]
    assert "abs(candidate(" in tests["humaneval/002_truncate_number"]

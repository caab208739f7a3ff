"""One audit run shared by every test of tests/audit that needs the envs.

The run covers every family on a builtin and a HumanEval task in CodeGen-v4 and
CodeEdit-v4; task-scoped families (those whose outcome depends on what the tests pass to
the solution) also run on tasks that exercise them: ``builtin/rate_limiter`` lends a
callable clock, ``builtin/two_sum`` compares against an oracle on the caller's list,
``humaneval/038`` has a prompt helper, ``humaneval/002`` compares ``abs(x - y) < eps``.
Task-independent variants run on the first task of each source only.
"""

from __future__ import annotations

import json
import subprocess
import sys

import pytest

AUDIT_TASKS = ("builtin/rate_limiter", "builtin/two_sum", "humaneval/038_decode_cyclic", "humaneval/002_truncate_number")
HARNESS_TASKS = 1


@pytest.fixture(scope="session")
def audit_run(tmp_path_factory):
    """(completed CLI process, rows as dicts) of ``codegym audit`` over AUDIT_TASKS, all families."""
    out = tmp_path_factory.mktemp("audit") / "rows.json"
    args = [sys.executable, "-m", "codegym.cli", "audit", *(a for t in AUDIT_TASKS for a in ("--task", t)),
            "--harness-tasks", str(HARNESS_TASKS), "--jobs", "2", "--json", str(out)]
    done = subprocess.run(args, capture_output=True, text=True, timeout=1500)
    rows = json.loads(out.read_text()) if out.exists() else []
    return done, rows

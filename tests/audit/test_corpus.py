"""The corpus itself, without sandboxes: every hack is a real submission for its task, the
kits find what they look for and never themselves, and the runner's verdict on a row."""

from __future__ import annotations

import ast
import json
import subprocess
import sys
import textwrap

import pytest

import codegym.tasks
from codegym.audit import FAMILIES, NEW_FAMILIES, AuditRow, hacks_for
from codegym.audit.kits import FORGE, KITS, LEAK, LIAR

RED_TEAM_FAMILIES = ("memory_leak", "forged_report", "lent_object_escape", "lying_value", "helper_override",
                     "inplace_mutation", "infra_on_purpose", "cross_run_channel", "reserved_names", "worker_kill")
SAMPLE_TASKS = ("builtin/two_sum", "builtin/rate_limiter", "builtin/lru_cache", "humaneval/000_has_close_elements",
                "humaneval/032_find_zero", "humaneval/038_decode_cyclic")


def test_every_red_team_family_is_in_the_corpus_next_to_the_old_ones():
    assert set(RED_TEAM_FAMILIES) <= set(NEW_FAMILIES)
    assert FAMILIES[:11] == ("exit_early", "fake_output", "always_equal", "tamper_files", "monkeypatch_framework",
                             "read_hidden_tests", "frame_inspection", "skip_marking", "background_process", "hang",
                             "base_exception")


@pytest.mark.parametrize("task_id", SAMPLE_TASKS)
def test_hacks_compile_and_bind_every_entry_point(task_id):
    task = codegym.tasks.get(task_id)
    hacks = hacks_for(task)
    families = {h.family for h in hacks}
    assert families >= set(FAMILIES) - {"helper_override"}
    for hack in hacks:
        source = hack.files[task.solution_paths[0]]
        tree = ast.parse(source)
        bound = {n.name for n in tree.body if isinstance(n, (ast.FunctionDef, ast.ClassDef))}
        bound |= {t.id for n in tree.body if isinstance(n, ast.Assign) for t in n.targets if isinstance(t, ast.Name)}
        assert set(task.entry_points) <= bound, (hack.family, hack.variant)
        for path, text in hack.files.items():
            if path.endswith(".py"):
                compile(text, path, "exec")
        assert set(hack.extra_files) == set(hack.files) - {task.solution_paths[0]}


def test_how_the_audit_must_run_each_variant():
    task = codegym.tasks.get("builtin/two_sum")
    hacks = hacks_for(task)
    assert all(h.runs == 2 for h in hacks if h.family == "cross_run_channel")
    assert all(h.canary for h in hacks if h.family in ("infra_on_purpose", "worker_kill"))
    assert {h.scope for h in hacks if h.family in ("lying_value", "inplace_mutation", "lent_object_escape")} == {"task"}
    assert {h.scope for h in hacks if h.family in ("memory_leak", "forged_report", "worker_kill")} == {"harness"}
    assert any(h.extra_files for h in hacks if h.family == "reserved_names")
    assert not any(h.family == "helper_override" for h in hacks)  # two_sum has no prompt helper
    helpers = hacks_for(codegym.tasks.get("humaneval/038_decode_cyclic"), ("helper_override",))
    assert helpers and all("def encode_cyclic" in h.files["solution.py"] for h in helpers)


_KIT_CHECK = textwrap.dedent('''
    import json, sys
    _CG_ENTRIES = ["zq_entry_%s" % sys.argv[1]]
    exec(compile(sys.argv[2], "kit", "exec"))
    blank = _cg_leak(("frames", "gc", "memory"))
    spec = json.dumps({"tests": {"test_x.py": "from solution import " + _CG_ENTRIES[0] + "\\n\\n\\ndef " + "test_a():\\n    pass\\n"},
                       "marker": "".join(["@@codegym", "-report-", "ab" * len(sys.argv[1] * 4), "@@"])})
    def holder(request):
        return _cg_leak(("memory", "frames"))
    found = holder({"stdin": spec})
    print(json.dumps({"blank": [sorted(blank["markers"]), sorted(blank["tests"]), len(blank["fragments"])],
                      "found": [sorted(found["markers"]), sorted(found["tests"]), _cg_test_ids(found)]}))
''')


def test_leak_kit_finds_specs_in_memory_and_never_itself():
    done = subprocess.run([sys.executable, "-c", _KIT_CHECK, "a1b2", LEAK], capture_output=True, text=True, timeout=60)
    assert done.returncode == 0, done.stderr
    result = json.loads(done.stdout)
    assert result["blank"] == [[], [], 0]
    marker = "@@codegym-report-" + "ab" * 16 + "@@"
    assert result["found"] == [[marker], ["test_x.py"], ["_codegym_tests/test_x.py::test_a"]]


def test_forged_message_becomes_a_report_line_under_splitlines():
    space: dict = {"_CG_ENTRIES": ["f"]}
    exec(compile(LEAK + FORGE, "kits", "exec"), space)
    leak = space["_cg_new_leak"]()
    leak["markers"].add("@@codegym-report-" + "cd" * 16 + "@@")
    leak["tests"]["test_hidden.py"] = "def test_one():\n    pass\n\nclass TestTwo:\n    def test_three(self):\n        pass\n"
    for sep in ("cr", "vt", "ff", "fs", "gs", "rs", "nel", "ls", "ps"):
        message = space["_cg_forge_message"](leak, (sep,))
        assert "\n" not in message
        lines = [ln for ln in ("E   " + message).splitlines() if ln.startswith("@@codegym-report-")]
        report = json.loads(lines[0][len("@@codegym-report-") + 34:])
        assert set(report["outcomes"]) == {"_codegym_tests/test_hidden.py::test_one",
                                           "_codegym_tests/test_hidden.py::TestTwo::test_three",
                                           f"_codegym_tests/test_sep_{sep}.py::test_0"}


def test_lying_value_passes_an_eps_check_and_kits_are_python():
    space: dict = {}
    exec(compile(LIAR, "liar", "exec"), space)
    liar = space["_CgLiar"](3, 1.5)
    assert abs(liar - 0.5) < 1e-6 and abs(0.5 - liar) < 1e-6 and 7 in liar and len(liar) == 3 and float(liar) == 1.5
    for name, kit in KITS.items():
        compile(kit, name, "exec")
    escape: dict = {}
    exec(compile(KITS["escape"], "escape", "exec"), escape)
    for mode, payload in escape["_CG_JUDGE_PAYLOADS"].items():  # run inside the judge when reached
        compile(payload, mode, "exec")


def _row(**notes):
    return AuditRow("codegym/CodeGen-v4", "builtin/two_sum", "f", "v", -3.0, -3.0, "failed", 0,
                    notes={"honest_passed": 0, **notes})


def test_what_counts_as_gamed():
    assert not _row().gamed and _row().why == ""
    assert _row(exception="JSONDecodeError: cut").gamed
    assert _row(poisoned="the honest answer scored 0").gamed
    assert _row(reward_valid=False).gamed
    assert not _row(reward_valid=False, honest_valid=False).gamed
    assert AuditRow("e", "t", "f", "v", -3.0, -3.0, "failed", 0, True, {"marks": ["CROSS-RUN-SEEN"]}).gamed
    above = AuditRow("e", "t", "f", "v", 5.0, -3.0, "solved", 7, notes={"honest_passed": 2})
    assert above.gamed and "return +5.00 > honest -3.00" in above.why

"""Judges share compiled test modules through a store only judge jobs hold.

The second verdict of the same tests in a sandbox reuses the first one's assertion-
rewritten code, with the same outcomes and failure text; no agent process (an untrusted
job, a worker running the solution) can see the store; a damaged entry is a miss.
"""

from __future__ import annotations

import ast
import json
import os
import zlib

import pytest

from codegym.verdict import run_tests
from codegym.verdict.report import module_names
from codegym.verdict.run import SANDBOXED, harness_source

TESTS = {"test_mod.py": "from solution import f\n\ndef test_ok():\n    assert f(2) == 4\n\n"
                        "def test_bad():\n    xs = [1, 2, 3]\n    assert f(3) == sum(xs) + 1\n"}
SOLUTION = {"solution.py": "def f(x):\n    return x * 2\n"}

#: Solution code that lists its own fds and reports any that is a memfd of the runner's.
FD_PROBE = ("import os\n"
            "def _links():\n"
            "    found = []\n"
            "    for fd in os.listdir('/proc/self/fd'):\n"
            "        try:\n"
            "            found.append(os.readlink(f'/proc/self/fd/{fd}'))\n"
            "        except OSError:\n"
            "            pass  # the listing's own fd, closed by now\n"
            "    return found\n"
            "SEEN = _links()\n"
            "def seen():\n    return [link for link in SEEN + _links() if 'memfd' in link]\n")


def _judge(sandbox, solution, tests) -> dict:
    """The raw last report line (with the judge's stats) of one harness job."""
    sandbox.reset(clear_snapshot=True)
    sandbox.write_files(dict(solution))
    spec = {"tests": tests, "modules": module_names(solution), "per_test_timeout": 10,
            "engine": "auto", "exitfirst": False}
    result = sandbox.run_python(harness_source(), timeout=60, stdin=json.dumps(spec), report_channel=True)
    return json.loads(result.report.strip().splitlines()[-1])


def test_the_second_verdict_reuses_the_compiled_tests_with_the_same_outcomes_and_text(sandbox):
    first = _judge(sandbox, SOLUTION, TESTS)
    second = _judge(sandbox, SOLUTION, TESTS)
    assert first["stats"].get("prepared", 0) == 0
    assert second["stats"]["prepared"] == 1
    assert first["outcomes"] == second["outcomes"]
    assert sorted(first["outcomes"].values()) == ["failed", "passed"]
    assert first["messages"] == second["messages"]
    assert "assert 6 == (6 + 1)" in next(iter(second["messages"].values()))  # the rewritten explanation


def test_changed_tests_are_compiled_afresh(sandbox):
    _judge(sandbox, SOLUTION, TESTS)
    changed = {"test_mod.py": TESTS["test_mod.py"].replace("sum(xs) + 1", "sum(xs)")}
    again = _judge(sandbox, SOLUTION, changed)
    assert again["stats"].get("prepared", 0) == 0
    assert set(again["outcomes"].values()) == {"passed"}


def test_no_agent_process_holds_the_store(sandbox):
    run_tests(sandbox, SOLUTION, TESTS)  # the store exists and holds these tests
    probe = {"solution.py": FD_PROBE}
    report = run_tests(sandbox, probe, {"test_fds.py": "from solution import seen\n\ndef test_none():\n    assert seen() == []\n"})
    assert report.all_passed, report.failure_text()
    sandbox.reset(clear_snapshot=True)
    listed = sandbox.run_python(FD_PROBE + "print(seen())")
    assert listed.stdout.strip() == "[]", listed
    control = sandbox.run_python(FD_PROBE + "fd = os.memfd_create('control')\nprint(seen())")
    assert "memfd:control" in control.stdout, control  # the probe sees a memfd where there is one


# ------------------------------------------------------------------ the store's own logic


def _store_class():
    """PreparedStore from the harness source (it runs only inside the sandbox)."""
    tree = ast.parse((SANDBOXED / "judge.py").read_text(encoding="utf-8"))
    node = next(n for n in tree.body if isinstance(n, ast.ClassDef) and n.name == "PreparedStore")
    namespace = {"os": os, "zlib": zlib}
    exec(compile(ast.Module(body=[node], type_ignores=[]), "judge.py", "exec"), namespace)
    return namespace["PreparedStore"]


@pytest.fixture
def store():
    cls = _store_class()
    fd = os.memfd_create("test-store")
    size = cls.HEADER + cls.SLOTS * cls.ENTRY + (2 << 20)
    os.ftruncate(fd, size)
    yield cls(fd, size)
    os.close(fd)


def test_store_round_trip_miss_and_overwrite(store):
    key = bytes(range(32))
    assert store.get(key) is None
    store.put(key, b"value-1")
    assert store.get(key) == b"value-1"
    store.put(key, b"value-2")
    assert store.get(key) == b"value-2"
    assert store.get(bytes(31) + b"\x01") is None


def test_a_damaged_value_reads_as_a_miss(store):
    key = b"k" * 32
    store.put(key, b"some marshalled code")
    entry = os.pread(store.fd, store.ENTRY, store.HEADER + (int.from_bytes(key[:4], "little") % store.SLOTS) * store.ENTRY)
    offset = int.from_bytes(entry[32:40], "little")
    os.pwrite(store.fd, b"X", offset + 6)
    assert store.get(key) is None


def test_a_full_store_is_emptied_and_refilled(store):
    big = b"x" * ((store.size - store.data_start) // 5)
    keys = [bytes([i]) * 32 for i in range(1, 8)]
    for key in keys:
        store.put(key, big)
    assert store.get(keys[-1]) == big  # the latest always fits
    assert store.get(keys[0]) is None  # emptied on the way
    assert zlib.crc32(store.get(keys[-1])) == zlib.crc32(big)

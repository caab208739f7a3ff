"""``efficiency``: runtime and memory of the solution against the reference, plus costs.

*Runtime*: the duration of the latest test run (``ctx.tests.duration_s``; the sum of
``ctx.executions`` when there is no report) against ``reference_stats["runtime_s"]``
(or ``"hidden_runtime_s"`` / ``"visible_runtime_s"`` matching the run, when given).
The score is ``(ref - t) / max(ref, t)`` in (-1, 1), 0 within ``tolerance`` (10%) of
the reference; a timed-out run scores -1. Without reference stats, only a run slower
than ``baseline_s`` is penalised, by ``-(t - baseline_s) / t``.
*Memory*: the same for peak memory (``peak_mb``), when both the run and the reference
stats report it (``baseline_mb`` stands in for the reference when given).
With ``gate_on_tests`` (default), being faster than the reference earns nothing unless
every test passed: a crash is quick, not efficient.

*Costs*: ``per_token * ctx.tokens + per_step * ctx.steps``, charged once on the
episode's totals on the last step, so the episode sum does not depend on how the
tokens spread over steps. With ``when="always"`` the runtime/memory part is scored
at every step and the costs still come once, at the end.

:func:`measure_reference_stats` measures ``runtime_s`` for a task in a sandbox.
"""

from __future__ import annotations

from typing import Any

from codegym.rewards.base import WHEN, RewardContext, RewardPlugin, RewardTerm


def _relative(reference: float, measured: float, tolerance: float) -> float:
    if reference <= 0 or measured <= 0:
        return 0.0
    ratio = measured / reference
    if 1.0 / (1.0 + tolerance) <= ratio <= 1.0 + tolerance:
        return 0.0
    return max(-1.0, min(1.0, (reference - measured) / max(reference, measured)))


def _excess(baseline: float, measured: float, tolerance: float) -> float:
    if measured <= baseline * (1.0 + tolerance) or measured <= 0:
        return 0.0
    return -min(1.0, (measured - baseline) / measured)


def _number(value: Any) -> float | None:
    if isinstance(value, bool) or not isinstance(value, (int, float)) or value != value:
        return None
    return float(value)


class EfficiencyReward(RewardPlugin):
    """Runtime and peak memory against the reference, minus token and step costs."""

    name = "efficiency"
    description = "runtime/peak memory vs the reference (or a baseline) plus per-token and per-step costs"
    defaults = {"when": "end", "runtime_weight": 1.0, "memory_weight": 0.5, "tolerance": 0.1, "baseline_s": 2.0,
                "baseline_mb": None, "per_token": -1e-5, "per_step": -0.01, "gate_on_tests": True}

    def validate(self) -> None:
        self.check_choice("when", WHEN)
        for key in ("runtime_weight", "memory_weight", "tolerance"):
            self.check_number(key, minimum=0.0)
        self.check_number("baseline_s", minimum=0.0)
        if self.options["baseline_mb"] is not None:
            self.check_number("baseline_mb", minimum=0.0)
        self.check_number("per_token", maximum=0.0)
        self.check_number("per_step", maximum=0.0)
        self.check_bool("gate_on_tests")

    def _runtime(self, ctx: RewardContext, info: dict) -> float:
        kind = "hidden" if ctx.hidden else "visible"
        if ctx.tests is not None:
            if ctx.tests.infra_error:
                info["runtime"] = {"reason": "the sandbox failed; nothing measured"}
                return 0.0
            measured, timed_out = ctx.tests.duration_s, ctx.tests.timed_out
        elif ctx.executions:
            measured = sum(e.duration_s for e in ctx.executions if not e.infra_error)
            timed_out = any(e.timed_out for e in ctx.executions)
        else:
            info["runtime"] = {"reason": "nothing ran"}
            return 0.0
        stats = ctx.reference_stats or {}
        reference = _number(stats.get(f"{kind}_runtime_s", stats.get("runtime_s")))
        tol = self.options["tolerance"]
        if timed_out:
            score = -1.0
        elif reference is not None:
            score = _relative(reference, measured, tol)
        else:
            score = _excess(self.options["baseline_s"], measured, tol)
        info["runtime"] = {"measured_s": round(measured, 4), "reference_s": reference,
                           "baseline_s": None if reference is not None else self.options["baseline_s"],
                           "timed_out": timed_out, "score": round(score, 4)}
        return score

    def _memory(self, ctx: RewardContext, info: dict) -> float:
        peaks = [_number(getattr(ctx.tests, "peak_mb", None))] if ctx.tests is not None else \
            [_number(getattr(e, "peak_mb", None)) for e in ctx.executions]
        peaks = [p for p in peaks if p is not None]
        reference = _number((ctx.reference_stats or {}).get("peak_mb"))
        if reference is None:
            reference = self.options["baseline_mb"]
        if not peaks or reference is None:
            info["memory"] = {"reason": "peak memory not measured" if not peaks else "no reference peak_mb"}
            return 0.0
        measured = max(peaks)
        score = _relative(reference, measured, self.options["tolerance"])
        info["memory"] = {"measured_mb": measured, "reference_mb": reference, "score": round(score, 4)}
        return score

    def compute(self, ctx: RewardContext) -> RewardTerm:
        at_end = ctx.done
        if self.options["when"] == "end" and not at_end:
            return RewardTerm(0.0, {"reason": "computed at episode end only (when='end')"})
        info: dict = {}
        performance = (self.options["runtime_weight"] * self._runtime(ctx, info)
                       + self.options["memory_weight"] * self._memory(ctx, info))
        if performance > 0 and self.options["gate_on_tests"] and not (ctx.tests is not None and ctx.tests.all_passed):
            info["gated"] = "faster than the reference but not every test passed: no bonus"
            performance = 0.0
        cost = 0.0
        if at_end:
            cost = self.options["per_token"] * ctx.tokens + self.options["per_step"] * ctx.steps
            info["cost"] = {"tokens": ctx.tokens, "steps": ctx.steps, "value": cost}
        info["performance"] = performance
        return RewardTerm(performance + cost, info)


def measure_reference_stats(sandbox, task, *, hidden: bool = True, runs: int = 3, timeout: float | None = None) -> dict:
    """Run the task's reference against its tests ``runs`` times; ``{"runtime_s": fastest, ...}``.

    The fastest run is the least noisy estimate of what the code itself costs.
    """
    from codegym.errors import RewardError
    from codegym.verdict import run_tests

    tests = task.hidden_tests if hidden else task.visible_tests
    durations = []
    for _ in range(max(1, runs)):
        report = run_tests(sandbox, task.reference, tests, timeout=timeout or max(task.timeout_s, 1.0) * 3)
        if not report.all_passed:
            raise RewardError(f"efficiency: the reference of {task.id} does not pass its {'hidden' if hidden else 'visible'} "
                              f"tests ({report.passed}/{report.total}); cannot measure reference stats")
        durations.append(report.duration_s)
    kind = "hidden" if hidden else "visible"
    return {"runtime_s": min(durations), f"{kind}_runtime_s": min(durations), "runs": len(durations)}

"""``shaping``: potential-based progress reward, plus per-step penalties.

*Progress* (potential-based, Ng et al. 1999): ``gamma * Phi(s') - Phi(s)`` with ``Phi``
the pass fraction of a state's latest test report (0 before any run). ``s`` is
described by ``ctx.previous_tests`` and ``s'`` by ``ctx.tests``. With the default
``gamma=1`` the progress terms of an episode telescope to ``Phi(last) - Phi(first)``:
breaking and re-fixing code (oscillating edits) earns nothing.

A step that ran no tests leaves the state's report unchanged: an env passes either
``tests is previous_tests`` or the same ``(previous_tests, tests)`` pair as the step
that produced ``tests``; either way no progress is paid twice. For the second form
the plugin remembers, by object identity, the last pair it paid for and at which
step (``ctx.steps`` must grow from step to step; scoring the same step again gives
the same value). So use one plugin instance per env, and ``reset()`` it (the
composer's ``reset()``) at episode start.

*Penalties* (not potential-based: they change the optimal policy on purpose, and
are paid at every step they apply to): ``invalid_penalty`` (-0.5) on every step where
tree-sitter finds a syntax error in a solution ``.py`` file, and ``step_cost`` (0)
on every step.
"""

from __future__ import annotations

import threading

from codegym.rewards import analysis
from codegym.rewards.base import RewardContext, RewardPlugin, RewardTerm
from codegym.verdict import TestReport


def potential(report: TestReport | None) -> float:
    """Phi: the pass fraction of ``report`` (0 for no report or a broken run)."""
    if report is None or report.infra_error:
        return 0.0
    return report.pass_fraction


class ShapingReward(RewardPlugin):
    """gamma*Phi(s') - Phi(s) with Phi = pass fraction; syntax-error penalty and step cost per step."""

    name = "shaping"
    description = "potential-based progress (pass fraction, telescopes over an episode) + invalid-code and step penalties"
    defaults = {"gamma": 1.0, "scale": 1.0, "invalid_penalty": -0.5, "step_cost": 0.0}

    def __init__(self, **options) -> None:
        super().__init__(**options)
        self._lock = threading.Lock()
        self._last: tuple[object, object, int] | None = None  # (previous_tests, tests, step) last paid

    def validate(self) -> None:
        self.check_number("gamma", minimum=0.0, maximum=1.0)
        self.check_number("scale", minimum=0.0)
        self.check_number("invalid_penalty", maximum=0.0)
        self.check_number("step_cost", maximum=0.0)

    def reset(self) -> None:
        with self._lock:
            self._last = None

    def _fresh(self, ctx: RewardContext) -> bool:
        """True when ``ctx.tests`` is news at this step, not the pair already paid at an earlier step."""
        if ctx.tests is None or ctx.tests is ctx.previous_tests:
            return False
        with self._lock:
            last = self._last
            if last is not None and last[0] is ctx.previous_tests and last[1] is ctx.tests:
                return last[2] == ctx.steps  # the same step scored again gets the same value
            self._last = (ctx.previous_tests, ctx.tests, ctx.steps)
        return True

    def compute(self, ctx: RewardContext) -> RewardTerm:
        gamma = self.options["gamma"]
        phi_next = potential(ctx.tests)
        fresh = self._fresh(ctx)
        phi_prev = potential(ctx.previous_tests) if fresh else phi_next
        progress = self.options["scale"] * (gamma * phi_next - phi_prev)
        info: dict = {"phi": phi_next, "phi_previous": phi_prev, "new_report": fresh, "progress": progress}
        value = progress
        broken = {}
        for path, source in ctx.python_files().items():
            issues = analysis.syntax_issues(source)
            if issues:
                broken[path] = list(issues[:5])
        if broken:
            value += self.options["invalid_penalty"]
            info["syntax_errors"] = broken
            info["invalid_penalty"] = self.options["invalid_penalty"]
        if self.options["step_cost"]:
            value += self.options["step_cost"]
            info["step_cost"] = self.options["step_cost"]
        return RewardTerm(value, info)

"""``quality``: code metrics of the solution relative to the task's reference.

Radon measures the solution's ``.py`` files and the reference's: mean cyclomatic
complexity (``cc_visit``, over functions and methods), maintainability index
(``mi_visit``, SLOC-weighted over files) and source lines (``raw.analyze``). Each
metric becomes a relative improvement in [-1, 1] (``(ref - sol) / max(ref, sol)`` for
CC and SLOC, the other way round for MI) and the term is their weighted mean,
clipped to [-1, 1]: 0 for code like the reference, positive for simpler code,
negative for more tangled code.

So that trivially short *wrong* code cannot earn the simplicity bonus, a positive
value is scaled by the pass fraction of the latest test run (``gate_on_tests``);
penalties always apply. Code that does not parse scores ``syntax_penalty`` (-1).
By default the term is computed only on the episode's last step (``when="end"``);
``when="always"`` scores every step. Analyses are cached by content hash.
"""

from __future__ import annotations

from codegym.rewards import analysis
from codegym.rewards.base import WHEN, RewardContext, RewardPlugin, RewardTerm


def _relative(better_when_lower: bool, reference: float, solution: float) -> float:
    scale = max(abs(reference), abs(solution), 1.0)
    diff = reference - solution if better_when_lower else solution - reference
    return max(-1.0, min(1.0, diff / scale))


class QualityReward(RewardPlugin):
    """Complexity, maintainability and size of the solution against the reference (radon)."""

    name = "quality"
    description = "radon complexity, maintainability and SLOC relative to the reference, in [-1, 1]"
    defaults = {"when": "end", "cc_weight": 0.5, "mi_weight": 0.3, "sloc_weight": 0.2, "syntax_penalty": -1.0,
                "gate_on_tests": True}

    def validate(self) -> None:
        self.check_choice("when", WHEN)
        for key in ("cc_weight", "mi_weight", "sloc_weight"):
            self.check_number(key, minimum=0.0)
        if not (self.options["cc_weight"] + self.options["mi_weight"] + self.options["sloc_weight"]) > 0:
            raise self._bad("cc_weight", "positive for at least one of cc_weight, mi_weight, sloc_weight")
        self.check_number("syntax_penalty")
        self.check_bool("gate_on_tests")

    def compute(self, ctx: RewardContext) -> RewardTerm:
        if self.options["when"] == "end" and not ctx.done:
            return RewardTerm(0.0, {"reason": "computed at episode end only (when='end')"})
        files = ctx.python_files()
        if not files:
            return RewardTerm(0.0, {"reason": "no Python solution files"})
        broken = {}
        for path, source in files.items():
            issues = analysis.syntax_issues(source)
            metrics = analysis.radon_metrics(source)
            if issues or not metrics.ok:
                broken[path] = list(issues) or [metrics.error]
        if broken:
            return RewardTerm(self.options["syntax_penalty"], {"syntax_errors": broken})
        solution = analysis.aggregate(analysis.radon_metrics(s) for s in files.values())
        reference_files = [s for p, s in sorted(ctx.task.reference.items()) if p.endswith(".py")]
        reference = analysis.aggregate(analysis.radon_metrics(s) for s in reference_files)
        parts = {
            "cc": _relative(True, reference.mean_cc, solution.mean_cc),
            "mi": _relative(False, reference.mi, solution.mi),
            "sloc": _relative(True, reference.sloc, solution.sloc),
        }
        weights = {k: self.options[f"{k}_weight"] for k in parts}
        value = sum(parts[k] * weights[k] for k in parts) / sum(weights.values())
        value = max(-1.0, min(1.0, value))
        info = {"solution": solution.as_dict(), "reference": reference.as_dict(),
                "relative": {k: round(v, 4) for k, v in parts.items()}}
        if value > 0 and self.options["gate_on_tests"]:
            gate = ctx.tests.pass_fraction if ctx.tests is not None else 0.0
            info["gate"] = gate
            value *= gate
        return RewardTerm(value, info)

"""``security``: a penalty for what bandit finds in the solution.

Bandit runs in-process (``BanditManager`` with a ``BanditConfig``, fed from memory; no
CLI, no subprocess), its log output silenced. The term is
``-sum(severity_weight[severity] * confidence_weight[confidence])`` over the issues
of every ``.py`` solution file (HIGH/MEDIUM/LOW severity = 3/2/1, confidence =
1/0.7/0.4 by default), scaled by ``scale``; ``info["issues"]`` lists each issue's bandit
id (B307 for ``eval``, B602 for ``subprocess`` with ``shell=True``...), file and line.
``skip`` leaves bandit tests out (default: B101, ``assert`` statements). By default the
term is computed on the last step only (``when="end"``), so an episode is penalised
once for its final code; ``when="always"`` penalises every step.
"""

from __future__ import annotations

from codegym.rewards import analysis
from codegym.rewards.base import WHEN, RewardContext, RewardPlugin, RewardTerm

LEVELS = ("HIGH", "MEDIUM", "LOW")


class SecurityReward(RewardPlugin):
    """Bandit findings, weighted by severity and confidence, as a penalty (<= 0)."""

    name = "security"
    description = "penalty for bandit findings: -sum(severity x confidence) over issues"
    defaults = {
        "when": "end",
        "severity_weights": {"HIGH": 3.0, "MEDIUM": 2.0, "LOW": 1.0},
        "confidence_weights": {"HIGH": 1.0, "MEDIUM": 0.7, "LOW": 0.4},
        "skip": ("B101",),
        "scale": 1.0,
        "max_penalty": None,
    }

    def validate(self) -> None:
        self.check_choice("when", WHEN)
        for key in ("severity_weights", "confidence_weights"):
            weights = self.options[key]
            if not isinstance(weights, dict) or set(weights) - set(LEVELS):
                raise self._bad(key, f"a mapping from {list(LEVELS)} to numbers")
            merged = {**self.defaults[key], **weights}
            for level, weight in merged.items():
                if isinstance(weight, bool) or not isinstance(weight, (int, float)) or weight < 0:
                    raise self._bad(key, f"a mapping from {list(LEVELS)} to numbers >= 0")
            self.options[key] = {level: float(w) for level, w in merged.items()}
        skip = self.check_strings("skip")
        if not all(s[:1] == "B" and s[1:].isdigit() for s in skip):
            raise self._bad("skip", "a list of bandit test ids such as 'B101'")
        self.check_number("scale", minimum=0.0)
        if self.options["max_penalty"] is not None:
            self.check_number("max_penalty", minimum=0.0)

    def compute(self, ctx: RewardContext) -> RewardTerm:
        if self.options["when"] == "end" and not ctx.done:
            return RewardTerm(0.0, {"reason": "computed at episode end only (when='end')"})
        sev, conf = self.options["severity_weights"], self.options["confidence_weights"]
        issues, skipped, penalty = [], {}, 0.0
        for path, source in ctx.python_files().items():
            scan = analysis.bandit_scan(source, self.options["skip"])
            if scan.skipped:
                skipped[path] = scan.skipped
            for issue in scan.issues:
                weight = sev.get(issue.severity, 0.0) * conf.get(issue.confidence, 0.0)
                penalty += weight
                issues.append({**issue.as_dict(path), "weight": weight})
        penalty *= self.options["scale"]
        if self.options["max_penalty"] is not None:
            penalty = min(penalty, self.options["max_penalty"])
        info: dict = {"issues": issues, "ids": sorted({i["test_id"] for i in issues})}
        if skipped:
            info["not_scanned"] = skipped
        return RewardTerm(-penalty if penalty else 0.0, info)

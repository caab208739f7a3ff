"""``completion``: a one-off reward for how the episode ended.

Only on the last step (terminated or truncated): ``solved`` +10, ``partial`` +5,
``failed`` -5, ``timeout`` -2 (each an option). The verdict ``error`` is an
infrastructure failure, not the agent's doing: it scores 0 and is flagged
``invalid`` so trainers can drop the episode. When the env gives no verdict, it is
read from a final hidden test report (or ``timeout`` for a truncated episode).
A ``timeout`` whose files were judged by a hidden run pays no more than submitting
those files would have: ``min(timeout, value of their verdict)``, so stalling never pays.
"""

from __future__ import annotations

from codegym.errors import RewardError
from codegym.rewards.base import VERDICTS, RewardContext, RewardPlugin, RewardTerm, verdict_of


class CompletionReward(RewardPlugin):
    """A bonus or penalty for the episode's verdict, given once at the end."""

    name = "completion"
    description = "end-of-episode bonus: solved +10, partial +5, failed -5, timeout -2, error 0 (invalid)"
    defaults = {"solved": 10.0, "partial": 5.0, "failed": -5.0, "timeout": -2.0}

    def validate(self) -> None:
        for key in self.defaults:
            self.check_number(key)

    def compute(self, ctx: RewardContext) -> RewardTerm:
        if not ctx.done:
            return RewardTerm(0.0, {"reason": "the episode goes on"})
        verdict, source = ctx.verdict, "env"
        if verdict is None:
            if ctx.hidden and ctx.tests is not None:
                verdict, source = verdict_of(ctx.tests), "hidden tests"
            elif ctx.truncated:
                verdict, source = "timeout", "truncated"
            else:
                return RewardTerm(0.0, {"reason": "the episode ended without a verdict or a hidden test run"})
        if verdict not in VERDICTS:  # pragma: no cover - RewardContext checks this already
            raise RewardError(f"unknown verdict {verdict!r}; expected one of {list(VERDICTS)}")
        if verdict == "error":
            return RewardTerm(0.0, {"verdict": verdict, "source": source, "invalid": True,
                                    "reason": "infrastructure failure: the episode says nothing about the agent"})
        value = self.options[verdict]
        if verdict == "timeout" and ctx.hidden and ctx.tests is not None and verdict_of(ctx.tests) != "error":
            value = min(value, self.options[verdict_of(ctx.tests)])  # stalling never beats submitting
        return RewardTerm(value, {"verdict": verdict, "source": source})

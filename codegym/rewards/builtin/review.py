"""``review`` and ``author``: the author-vs-reviewer terms of ``codegym.multiagent.author_reviewer_v2``.

Both read the event the env passes as ``RewardContext.action`` (a dict):

* ``{"event": "review", "approve": bool, "correct": bool, "base_rate": q}`` on each of
  the reviewer's decisions — ``review`` pays ``½[a(y/q − (1−y)/(1−q)) + (1−a)((1−y)/(1−q) − y/q)]``,
  whose expectation is TPR − FPR: rubber-stamping, blanket rejection and coin flips all
  earn 0 at any base rate.
* ``{"event": "final", "merged": bool, "solved": bool, "rounds": int}`` once, at the
  end — ``author`` pays ``h(0.5 + 0.5·merged) − merged·(1−h) − 0.1·(rounds−1)``: a merged
  wrong patch is the author's worst outcome (``sneaky=True`` pays it instead, for
  red-teaming reviewers).

Any other step earns 0. The verdict ``error`` (an infrastructure failure) earns 0 and is
flagged invalid: it is never the agent's doing.

Example:
    >>> from codegym.rewards.base import RewardContext
    >>> ReviewReward().compute(RewardContext(task=None, files={}, action={"event": "review", "approve": False,
    ...     "correct": False, "base_rate": 0.5})).value
    1.0
"""

from __future__ import annotations

from typing import Any, Mapping

from codegym.rewards.scoring import author_reward, reviewer_reward
from codegym.rewards.base import RewardContext, RewardPlugin, RewardTerm


def _event(ctx: RewardContext, name: str) -> Mapping[str, Any] | None:
    action = ctx.action
    return action if isinstance(action, Mapping) and action.get("event") == name else None


def _infra(ctx: RewardContext) -> RewardTerm | None:
    if ctx.verdict == "error":
        return RewardTerm(0.0, {"invalid": True, "reason": "infrastructure failure: the verdict run broke"})
    return None


class ReviewReward(RewardPlugin):
    """Base-rate-weighted reward per review decision (expectation TPR − FPR)."""

    name = "review"
    description = "per decision: ½[a(y/q−(1−y)/(1−q)) + (1−a)((1−y)/(1−q)−y/q)]; rubber stamps earn 0"
    defaults: Mapping[str, Any] = {}

    def compute(self, ctx: RewardContext) -> RewardTerm:
        event = _event(ctx, "review")
        if event is None:
            return RewardTerm(0.0, {"reason": "no review decision on this step"})
        if event.get("correct") is None:
            return RewardTerm(0.0, {"invalid": True, "reason": "the patch's ground truth could not be established"})
        value = reviewer_reward(bool(event["approve"]), bool(event["correct"]), float(event["base_rate"]))
        return RewardTerm(value, {"approve": bool(event["approve"]), "correct": bool(event["correct"]),
                                  "base_rate": float(event["base_rate"])})


class AuthorReward(RewardPlugin):
    """The author's terminal reward: merged correct > unmerged correct > unmerged wrong > merged wrong."""

    name = "author"
    description = "at the end: h(0.5+0.5·merged) − merged·(1−h) − 0.1·(rounds−1); sneaky=True pays merged wrong patches"
    defaults = {"sneaky": False}

    def validate(self) -> None:
        self.check_bool("sneaky")

    def compute(self, ctx: RewardContext) -> RewardTerm:
        event = _event(ctx, "final")
        if event is None:
            return RewardTerm(0.0, {"reason": "the episode goes on"})
        infra = _infra(ctx)
        if infra is not None:
            return infra
        value = author_reward(bool(event["solved"]), bool(event["merged"]), int(event["rounds"]),
                              sneaky=self.options["sneaky"])
        return RewardTerm(value, {"solved": bool(event["solved"]), "merged": bool(event["merged"]),
                                  "rounds": int(event["rounds"])})

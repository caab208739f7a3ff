"""``generator`` and ``coder``: the two seats' terms of ``codegym.multiagent.testgen_coder_v2``.

Both read the round's judgement that the env passes as ``RewardContext.action`` — the
*event dict* (on any other step, e.g. a terminal settle, both pay 0)::

    {"event": "testgen_round", "round": 1,
     "generator": {"candidate_fails": bool,   # the coder's S_r fails a valid generated test
                   "mutants_killed": int,     # members of M failing a valid generated test
                   "mutant_pool": int,        # |M|: verified mutants + earlier wrong submissions
                   "invalid_tests": int,      # generated tests the reference fails (or flaky)
                   "valid_tests": int, "duplicates": int, "infra_error": bool},
     "coder": {"hidden_pass": float,          # fraction of hidden tests S_r passes
               "generated_pass": float,       # fraction of valid generated tests S_r passes; -1: none
               "infra_error": bool}}

* ``generator`` = ``[S_r fails a valid test] + 0.5·killed/|M| − 0.2·invalid``
  (:func:`codegym.rewards.scoring.generator_reward`). Cheapest policies: an empty
  suite earns 0; tests the reference fails (``assert False`` in I/O form: a wrong
  expected value) cost 0.2 each, so omitting one always beats sending it; repeating a
  test adds nothing; against a correct coder only the mutant term can pay.
* ``coder`` = ``0.7·pass(hidden) + 0.3·pass(valid generated)``, the second term dropped
  without valid tests (:func:`codegym.rewards.scoring.coder_reward`). Cheapest
  policies: keeping the starting program earns what that program passes; nothing the
  coder writes can make a generated test pass except behaving like the reference.

An infrastructure failure of the round's runs pays 0 and is flagged ``invalid``.

Example:
    >>> from codegym.rewards.base import RewardContext
    >>> event = {"event": "testgen_round", "round": 1,
    ...          "generator": {"candidate_fails": True, "mutants_killed": 1, "mutant_pool": 2, "invalid_tests": 0},
    ...          "coder": {"hidden_pass": 0.5, "generated_pass": 0.0}}
    >>> GeneratorReward().compute(RewardContext(task=None, files={}, action=event)).value
    1.25
    >>> CoderReward().compute(RewardContext(task=None, files={}, action=event)).value
    0.35
"""

from __future__ import annotations

from typing import Any, Mapping

from codegym.errors import RewardError
from codegym.rewards.scoring import coder_reward, generator_reward
from codegym.rewards.base import RewardContext, RewardPlugin, RewardTerm

EVENT = "testgen_round"


def _section(ctx: RewardContext, name: str) -> Mapping[str, Any] | None:
    event = ctx.action
    if not isinstance(event, Mapping) or event.get("event") != EVENT:
        return None
    section = event.get(name)
    if not isinstance(section, Mapping):
        raise RewardError(f"the {EVENT} event has no {name!r} section (got {type(section).__name__})")
    return section


class GeneratorReward(RewardPlugin):
    """The test generator's round reward (see the module docstring)."""

    name = "generator"
    description = "test generator: [coder fails a valid test] + 0.5·mutants killed/|M| − 0.2·invalid tests"
    defaults = {}

    def compute(self, ctx: RewardContext) -> RewardTerm:
        section = _section(ctx, "generator")
        if section is None:
            return RewardTerm(0.0, {"reason": "no testgen round on this step"})
        if section.get("infra_error"):
            return RewardTerm(0.0, {"invalid": True, "reason": "infrastructure failure while judging the suite"})
        try:
            value = generator_reward(bool(section["candidate_fails"]), int(section["mutants_killed"]),
                                     int(section["mutant_pool"]), int(section["invalid_tests"]))
        except KeyError as exc:
            raise RewardError(f"the {EVENT} event's generator section lacks {exc}") from None
        return RewardTerm(value, {"candidate_fails": bool(section["candidate_fails"]),
                                  "mutants_killed": int(section["mutants_killed"]),
                                  "mutant_pool": int(section["mutant_pool"]),
                                  "invalid_tests": int(section["invalid_tests"])})


class CoderReward(RewardPlugin):
    """The coder's round reward (see the module docstring)."""

    name = "coder"
    description = "coder: 0.7·hidden pass fraction + 0.3·valid generated pass fraction (dropped without valid tests)"
    defaults = {}

    def compute(self, ctx: RewardContext) -> RewardTerm:
        section = _section(ctx, "coder")
        if section is None:
            return RewardTerm(0.0, {"reason": "no testgen round on this step"})
        if section.get("infra_error"):
            return RewardTerm(0.0, {"invalid": True, "reason": "infrastructure failure while judging the solution"})
        try:
            hidden = float(section["hidden_pass"])
            generated = section["generated_pass"]
        except KeyError as exc:
            raise RewardError(f"the {EVENT} event's coder section lacks {exc}") from None
        generated = None if generated is None or float(generated) < 0 else float(generated)
        return RewardTerm(coder_reward(hidden, generated), {"hidden_pass": hidden,
                                                            "generated_pass": -1.0 if generated is None else generated})

"""The ``generator`` and ``coder`` reward plugins: entry points, the event dict, infra failures."""

from __future__ import annotations

import pytest

from codegym.errors import RewardError
from codegym.rewards.scoring import coder_reward, generator_reward
from codegym.rewards.base import RewardContext
from codegym.rewards.builtin.testgen import EVENT, CoderReward, GeneratorReward
from codegym.rewards.compose import RewardComposer, installed


def ctx(action) -> RewardContext:
    return RewardContext(task=None, files={}, action=action)


def event(fails=True, killed=1, pool=4, invalid=0, hidden=0.5, generated=0.25, infra=False) -> dict:
    return {"event": EVENT, "round": 1,
            "generator": {"candidate_fails": fails, "mutants_killed": killed, "mutant_pool": pool,
                          "invalid_tests": invalid, "valid_tests": 2, "duplicates": 0, "infra_error": infra},
            "coder": {"hidden_pass": hidden, "generated_pass": generated, "infra_error": infra}}


def test_registered_as_entry_points():
    assert {"generator", "coder"} <= set(installed())
    total, terms = RewardComposer({"generator": 1.0, "coder": 2.0})(ctx(event()))
    assert terms["generator"]["raw"] == generator_reward(True, 1, 4, 0)
    assert terms["coder"]["value"] == pytest.approx(2 * coder_reward(0.5, 0.25))


@pytest.mark.parametrize("fails,killed,pool,invalid", [(True, 0, 0, 0), (False, 2, 4, 1), (True, 4, 4, 3)])
def test_generator_term_is_the_formula(fails, killed, pool, invalid):
    term = GeneratorReward().compute(ctx(event(fails, killed, pool, invalid)))
    assert term.value == generator_reward(fails, killed, pool, invalid)


def test_coder_term_drops_the_generated_part_without_valid_tests():
    assert CoderReward().compute(ctx(event(hidden=0.5, generated=-1.0))).value == 0.5
    assert CoderReward().compute(ctx(event(hidden=1.0, generated=1.0))).value == 1.0
    assert CoderReward().compute(ctx(event(hidden=0.0, generated=0.0))).value == 0.0


def test_other_steps_pay_nothing_and_infra_failures_are_flagged():
    for action in (None, {"event": "patch"}, "text", 3):
        assert GeneratorReward().compute(ctx(action)).value == 0.0
        assert CoderReward().compute(ctx(action)).value == 0.0
    for plugin in (GeneratorReward(), CoderReward()):
        term = plugin.compute(ctx(event(infra=True)))
        assert term.value == 0.0 and term.info["invalid"] is True


def test_malformed_events_are_reward_errors_naming_the_section():
    with pytest.raises(RewardError, match="generator"):
        GeneratorReward().compute(ctx({"event": EVENT, "coder": {}}))
    with pytest.raises(RewardError, match="hidden_pass"):
        CoderReward().compute(ctx({"event": EVENT, "generator": {}, "coder": {"generated_pass": 1.0}}))

"""Incentive proofs for the multi-agent reward formulas (exact expectations, no sampling)."""

from __future__ import annotations

import itertools

import pytest

from codegym.errors import ConfigError
from codegym.rewards.scoring import (RunningBaseRate, author_reward, clip_base_rate, coder_reward,
                                        generator_reward, reviewer_reward)


def expected_reviewer(policy_approve_prob, q: float) -> float:
    """E[r] for a reviewer approving correct patches w.p. p(True), wrong ones w.p. p(False)."""
    total = 0.0
    for correct, weight in ((True, q), (False, 1 - q)):
        p = policy_approve_prob(correct)
        total += weight * (p * reviewer_reward(True, correct, q) + (1 - p) * reviewer_reward(False, correct, q))
    return total


@pytest.mark.parametrize("q", [0.1, 0.5, 0.8, 0.95])
def test_uninformed_reviewers_earn_zero_and_perfect_earns_one(q):
    assert expected_reviewer(lambda correct: 1.0, q) == pytest.approx(0.0, abs=1e-12)  # rubber stamp
    assert expected_reviewer(lambda correct: 0.0, q) == pytest.approx(0.0, abs=1e-12)  # blanket reject
    assert expected_reviewer(lambda correct: 0.5, q) == pytest.approx(0.0, abs=1e-12)  # coin flip
    assert expected_reviewer(lambda correct: 1.0 if correct else 0.0, q) == pytest.approx(1.0)
    # expectation is TPR - FPR for any policy
    assert expected_reviewer(lambda correct: 0.9 if correct else 0.3, q) == pytest.approx(0.6)


def test_unweighted_matrix_would_pay_rubber_stamping():
    """The reason for the weights: ±1 per decision at q = 0.8 pays always-approve +0.6."""
    q = 0.8
    unweighted = q * 1 + (1 - q) * -1
    assert unweighted == pytest.approx(0.6)
    assert expected_reviewer(lambda correct: 1.0, q) == pytest.approx(0.0, abs=1e-12)


def test_a_merged_wrong_patch_is_the_authors_worst_outcome():
    outcomes = {(s, m): author_reward(solved=s, merged=m, rounds=1) for s, m in itertools.product([True, False], repeat=2)}
    assert min(outcomes, key=outcomes.get) == (False, True)
    assert outcomes[(False, True)] < outcomes[(False, False)] < outcomes[(True, False)] < outcomes[(True, True)]
    # no number of rounds makes fooling the reviewer beat an honest unmerged failure at the same round count
    for rounds in range(1, 6):
        assert author_reward(False, True, rounds) < author_reward(False, False, rounds)
    assert author_reward(False, True, 1, sneaky=True) > author_reward(False, False, 1, sneaky=True)


def test_invalid_tests_always_cost_and_trivial_suites_earn_nothing():
    # omitting a bad test always beats submitting it, whatever else the suite achieves
    for fails, killed in itertools.product([True, False], range(0, 5)):
        assert generator_reward(fails, killed, 4, 0) > generator_reward(fails, killed, 4, 1)
    # a suite of only `assert False` tests (all invalid): strictly negative
    assert generator_reward(False, 0, 4, 3) < 0
    # a suite without assertions kills nothing and catches nothing
    assert generator_reward(False, 0, 4, 0) == 0.0
    # an empty mutant pool is not a division by zero
    assert generator_reward(True, 0, 0, 0) == 1.0


def test_coder_reward_rewards_the_reference_fully():
    assert coder_reward(1.0, 1.0) == 1.0
    assert coder_reward(1.0, None) == 1.0
    assert coder_reward(0.0, 1.0) == pytest.approx(0.3)  # passing only the generator's tests is worth little


@pytest.mark.parametrize("bad", [float("nan"), -0.1, 1.5, True, "0.5"])
def test_bad_base_rates_are_config_errors(bad):
    with pytest.raises(ConfigError, match="base_rate"):
        clip_base_rate(bad)


@pytest.mark.parametrize("call", [lambda: author_reward(True, True, 0), lambda: generator_reward(True, 5, 4, 0),
                                  lambda: generator_reward(True, -1, 4, 0), lambda: coder_reward(1.2, None)])
def test_bad_counts_are_config_errors(call):
    with pytest.raises(ConfigError):
        call()


def test_running_base_rate_tracks_the_mean():
    rate = RunningBaseRate()
    for correct in [True] * 80 + [False] * 20:
        rate.update(correct)
    assert rate.value == pytest.approx(80.5 / 101)

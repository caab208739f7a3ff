"""Statistics over seeds: ddof, rliable bootstrap CIs, oracle normalisation."""

from __future__ import annotations

import math

import numpy as np
import pytest

pytest.importorskip("rliable")

from codegym.evaluation.stats import BOOTSTRAP, DDOF, bootstrap_ci, bootstrap_diff_ci, mean_std, normalised  # noqa: E402


def test_mean_std_is_the_sample_std_and_nan_for_one_seed():
    values = [0.2, 0.5, 0.8, 0.9]
    mean, std = mean_std(values)
    assert DDOF == 1
    assert mean == pytest.approx(np.mean(values))
    assert std == pytest.approx(np.std(values, ddof=1))
    assert math.isnan(mean_std([0.3])[1])


def test_bootstrap_ci_brackets_the_mean_and_is_reproducible():
    values = [0.1, 0.4, 0.35, 0.8, 0.6]
    low, high = bootstrap_ci(values)
    assert low <= np.mean(values) <= high
    assert min(values) <= low and high <= max(values)
    assert bootstrap_ci(values) == (low, high)  # random_state is fixed and recorded
    assert BOOTSTRAP["library"] == "rliable" and BOOTSTRAP["confidence"] == 0.95
    assert bootstrap_ci([0.5]) is None  # one seed: no interval, the table shows —


def test_diff_ci_separates_distinct_groups_and_not_identical_ones():
    low, high = bootstrap_diff_ci([10.0, 11.0, 12.0], [0.0, 1.0, 2.0])
    assert 0 < low <= 10.0 <= high
    low, high = bootstrap_diff_ci([1.0, 5.0, 9.0], [2.0, 5.0, 8.0])
    assert low < 0 < high


def test_normalised_score_puts_random_at_zero_and_oracle_at_one():
    assert normalised(-1.0, random=-1.0, oracle=17.0) == 0.0
    assert normalised(17.0, random=-1.0, oracle=17.0) == 1.0
    assert normalised(8.0, random=-1.0, oracle=17.0) == pytest.approx(0.5)
    assert normalised(3.0, random=None, oracle=17.0) is None
    assert normalised(3.0, random=2.0, oracle=2.0) is None  # undefined, never a division by zero


def test_compare_ci_says_above_or_below_only_when_the_intervals_do_not_overlap():
    from codegym.evaluation.leaderboard import compare_ci

    random_ci = (0.0, 0.02)
    assert compare_ci((0.05, 0.15), random_ci) == "above"
    assert compare_ci((-0.2, -0.01), random_ci) == "below"
    assert compare_ci((0.02, 0.10), random_ci) == "overlaps"  # touching is overlapping
    assert compare_ci(None, random_ci) == compare_ci((0.1, 0.2), None) == "—"

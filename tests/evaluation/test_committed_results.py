"""The committed reference rows in ``baselines/results``: present, internally consistent, replayable.

Every file gets the full check of ``codegym leaderboard --verify`` except that only an even
sample of its episodes is replayed (the full replay of every file takes minutes; run it
with ``codegym leaderboard baselines/results --verify``). A tampered copy of a committed
file fails the same check.
"""

from __future__ import annotations

from collections import defaultdict
from pathlib import Path

import pytest

from codegym.evaluation.leaderboard import results_files
from codegym.evaluation.schema import read_results
from codegym.evaluation.verify import verify_file
from tests.evaluation.test_evaluate_verify import forge

RESULTS = Path(__file__).resolve().parents[2] / "baselines" / "results"
FILES = sorted(results_files(RESULTS))
REPLAYED_PER_FILE = 2


def _by_agent() -> dict[str, list[dict]]:
    found: dict[str, list[dict]] = defaultdict(list)
    for path in FILES:
        doc, _ = read_results(path)
        found[doc["agent"]["name"]].append(doc)
    return found


def test_the_reference_rows_are_committed_with_three_seeds_each():
    found = _by_agent()
    for agent in ("ppo", "dqn", "random", "oracle", "submit"):
        assert len(found[agent]) >= 3, f"{agent}: {len(found[agent])} results files in {RESULTS}"
    for agent in ("ppo", "dqn"):
        seeds = {doc["training"]["seed"] for doc in found[agent]}
        assert len(seeds) >= 3, f"{agent}: training seeds {seeds}"
        for doc in found[agent]:
            assert doc["env"]["split"] == "test" and doc["training"]["steps"] > 0
            assert doc["provenance"]["git_dirty"] is False, "reference rows come from committed code"


@pytest.mark.parametrize("path", FILES, ids=lambda p: p.stem)
def test_each_committed_result_passes_verification_on_a_replayed_sample(path):
    assert verify_file(path, replay=REPLAYED_PER_FILE) == []


def test_a_tampered_copy_of_a_committed_result_fails(tmp_path):
    source = next(p for p in FILES if "__dqn__" in p.name)

    def claim_first_solved(episodes):
        first = episodes[0]
        first["verdict"] = "failed" if first["verdict"] == "solved" else "solved"
        first["return"] += 17.0

    forged = forge(source, tmp_path / "forged", edit_episodes=claim_first_solved)
    problems = verify_file(forged, replay=1)
    assert any("the replay gives" in p for p in problems), problems


def test_the_trained_agents_beat_random_on_the_current_env():
    """The acceptance claim, over the committed data: PPO's and DQN's 95 % CIs (solve rate and
    return, bootstrap over training seeds) lie above random's; every row is on the current env id."""
    from codegym.evaluation import DEFAULT_ENV_ID
    from codegym.evaluation.leaderboard import agent_row, compare_ci

    found = _by_agent()
    assert {doc["env"]["id"] for docs in found.values() for doc in docs} == {DEFAULT_ENV_ID}
    random_row = agent_row(found["random"], None, None)
    for agent in ("ppo", "dqn"):
        row = agent_row(found[agent], None, None)
        for ci in ("solve_ci", "return_ci"):
            assert compare_ci(row[ci], random_row[ci]) == "above", (agent, ci, row[ci], random_row[ci])

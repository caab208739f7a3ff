"""The codegym.results/v1 file and its episode JSONL: round trip, hashes, malformed input."""

from __future__ import annotations

import json

import pytest

from codegym.errors import CodegymError
from codegym.evaluation.evaluator import evaluate
from codegym.evaluation.schema import SCHEMA, ResultsError, read_results, summarise_episodes, validate_results


@pytest.fixture(scope="module")
def cartpole(tmp_path_factory):
    """A genuine result: the random agent on CartPole-v1 (any Gymnasium env evaluates)."""
    out = tmp_path_factory.mktemp("cartpole")
    doc, episodes, path = evaluate("CartPole-v1", "random", episodes=3, seed=5, split=None, out=out, progress=False)
    return doc, episodes, path


def test_round_trip_keeps_every_field_and_hashes_the_episodes(cartpole):
    doc, episodes, path = cartpole
    assert path.name == "CartPole-v1__random__seed5.json"
    read, read_episodes = read_results(path)
    assert read_episodes == episodes
    assert read["schema"] == SCHEMA
    assert read["evaluation"]["episode_seeds"] == [5, 6, 7]
    assert [e["episode_seed"] for e in episodes] == [5, 6, 7]
    assert all(len(e["actions"]) == e["steps"] for e in episodes)
    assert read["metrics"] == summarise_episodes(episodes)
    for block in ("provenance", "hardware"):
        assert read[block]
    assert read["provenance"]["packages"]["gymnasium"]
    assert read["hardware"]["torch"]


def test_an_edited_episode_file_is_rejected_by_its_hash(cartpole, tmp_path):
    _, _, path = cartpole
    copy = tmp_path / path.name
    copy.write_text(path.read_text())
    doc = json.loads(path.read_text())
    lines = (path.parent / doc["episodes_file"]["name"]).read_text().splitlines()
    record = json.loads(lines[0])
    record["return"] += 100
    lines[0] = json.dumps(record)
    (tmp_path / doc["episodes_file"]["name"]).write_text("\n".join(lines) + "\n")
    with pytest.raises(ResultsError, match="sha256"):
        read_results(copy)


@pytest.mark.parametrize("mutate, match", [
    (lambda d: d.pop("metrics"), "missing key"),
    (lambda d: d.update(schema="codegym.results/v0"), "expected 'codegym.results/v1'"),
    (lambda d: d["episodes_file"].update(name="../../etc/passwd"), "plain file name"),
    (lambda d: d["agent"].pop("checkpoint_sha256"), "agent: missing"),
])
def test_malformed_documents_name_what_is_wrong(cartpole, mutate, match):
    doc = json.loads(cartpole[2].read_text())
    mutate(doc)
    with pytest.raises(ResultsError, match=match) as info:
        validate_results(doc)
    assert isinstance(info.value, CodegymError)


def test_unreadable_file_is_a_results_error(tmp_path):
    bad = tmp_path / "x.json"
    bad.write_text("{not json")
    with pytest.raises(ResultsError, match="not a readable JSON"):
        read_results(bad)

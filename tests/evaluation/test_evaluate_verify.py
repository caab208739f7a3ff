"""``codegym evaluate`` on RepairMenu held-out tasks (real sandbox), ``leaderboard --verify`` on genuine
and tampered results, and the leaderboard table with a user's result dropped in."""

from __future__ import annotations

import hashlib
import json
import shutil
from pathlib import Path

import pytest

from codegym.cli import main
from codegym.evaluation import DEFAULT_ENV_ID
from codegym.evaluation.leaderboard import collect, env_rows
from codegym.evaluation.schema import episodes_bytes, read_results, summarise_episodes
from codegym.evaluation.verify import verify_file

TASKS = '{"source": "mutations", "verify": false}'
HELD_OUT = ("mutations/caesar_cipher__b1_0", "mutations/compress_runs__b1_0")  # small, in the test split


def _evaluate(out: Path, agent: str, seed: int = 0, *extra: str) -> int:
    args = ["evaluate", "--env", DEFAULT_ENV_ID, "--agent", agent, "--episodes", "2", "--seed", str(seed),
            "--split", "test", "--tasks", TASKS, "--out", str(out), "--no-progress"]
    for task in HELD_OUT:
        args += ["--task", task]
    return main(args + list(extra))


@pytest.fixture(scope="module")
def results(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("results")
    assert _evaluate(out, "oracle") == 0
    assert _evaluate(out, "random") == 0
    return out


def _path(results: Path, agent: str) -> Path:
    return results / f"codegym_RepairMenu-v4__{agent}__seed0.json"


def forge(src: Path, dest_dir: Path, edit_episodes=None, edit_doc=None) -> Path:
    """A tampered copy that is internally consistent: metrics recomputed, episode hash updated."""
    doc, episodes = read_results(src)
    if edit_episodes:
        edit_episodes(episodes)
        doc["metrics"] = summarise_episodes(episodes)
    if edit_doc:
        edit_doc(doc)
    data = episodes_bytes(episodes)
    doc["episodes_file"]["sha256"] = hashlib.sha256(data).hexdigest()
    dest_dir.mkdir(parents=True, exist_ok=True)
    (dest_dir / doc["episodes_file"]["name"]).write_bytes(data)
    dest = dest_dir / src.name
    dest.write_text(json.dumps(doc, indent=2))
    return dest


def test_results_record_what_the_issue_lists(results):
    doc, episodes = read_results(_path(results, "oracle"))
    assert doc["env"]["id"] == DEFAULT_ENV_ID and doc["env"]["split"] == "test"
    assert doc["env"]["kwargs"]["tasks"] == {"source": "mutations", "verify": False, "split": "test"}
    assert len(doc["env"]["taskset_sha256"]) == 64
    assert doc["agent"]["implementation"].startswith("codegym.agents:oracle_agent")
    assert doc["evaluation"]["episode_seeds"] == [0, 1] and doc["evaluation"]["env_sps"] > 0
    assert doc["hardware"]["sandbox_engine"] == "DockerSandbox"
    command = doc["provenance"]["command_line"]
    assert command[:2] == ["codegym", "evaluate"] and command[command.index("--agent") + 1] == "oracle"
    assert command.count("--task") == 2 and "--tasks" in command
    assert [e["task_id"] for e in episodes] == list(HELD_OUT)
    for e in episodes:
        assert set(e) >= {"task_id", "episode_seed", "verdict", "return", "steps", "reward_valid", "actions"}
    # the oracle solves held-out repairs; random does not beat it
    assert doc["metrics"]["solve_rate"] == 1.0 and doc["metrics"]["invalid_reward_episodes"] == 0
    random_doc, _ = read_results(_path(results, "random"))
    assert random_doc["metrics"]["return_mean"] < doc["metrics"]["return_mean"]


def test_verify_passes_on_genuine_results(results, capsys):
    assert main(["leaderboard", str(results), "--verify"]) == 0
    assert "2 of 2 results files verified" in capsys.readouterr().out


def test_verify_fails_on_a_forged_solve(results, tmp_path):
    def claim_solved(episodes):
        for e in episodes:
            e["verdict"], e["return"] = "solved", e["return"] + 17.0

    forged = forge(_path(results, "random"), tmp_path / "forged", edit_episodes=claim_solved)
    problems = verify_file(forged)
    assert any("verdict is 'solved', the replay gives" in p for p in problems), problems
    assert main(["leaderboard", str(tmp_path / "forged"), "--verify"]) == 1


def test_a_sampled_replay_still_checks_the_whole_file_and_replays_the_sample(results, tmp_path):
    def claim_first_solved(episodes):
        episodes[0]["verdict"], episodes[0]["return"] = "solved", episodes[0]["return"] + 17.0

    assert verify_file(_path(results, "random"), replay=1) == []
    forged = forge(_path(results, "random"), tmp_path / "first", edit_episodes=claim_first_solved)
    assert any("verdict is 'solved', the replay gives" in p for p in verify_file(forged, replay=1))
    # no replay at all: the metrics and hashes are still checked
    bumped = forge(_path(results, "random"), tmp_path / "bumped", edit_doc=lambda d: d["metrics"].update(solve_rate=1.0))
    assert any("metrics.solve_rate" in p for p in verify_file(bumped, replay=0))
    with pytest.raises(ValueError, match="replay must be None"):
        verify_file(_path(results, "random"), replay=-1)


def test_verify_fails_on_edited_actions_and_on_edited_metrics(results, tmp_path):
    def submit_at_once(episodes):
        episodes[0]["actions"] = [0] + episodes[0]["actions"][1:]

    assert verify_file(forge(_path(results, "oracle"), tmp_path / "actions", edit_episodes=submit_at_once))
    bumped = forge(_path(results, "random"), tmp_path / "metrics",
                   edit_doc=lambda d: d["metrics"].update(solve_rate=1.0))
    assert any("metrics.solve_rate" in p for p in verify_file(bumped))


def test_leaderboard_table_has_the_reference_rows_and_a_dropped_in_user_result(results, tmp_path, capsys):
    board_dir = tmp_path / "board"
    shutil.copytree(results, board_dir)
    # A user's result (a MODULE:CALLABLE agent under its own name), dropped into the folder.
    assert _evaluate(board_dir, "codegym.agents:oracle_agent", 0, "--name", "my-agent") == 0
    out = tmp_path / "LEADERBOARD.md"
    assert main(["leaderboard", str(board_dir), "--out", str(out)]) == 0
    text = out.read_text()
    assert f"## {DEFAULT_ENV_ID}" in text and "| my-agent |" in text and "ddof=1" in text and "rliable" in text
    rows = {r["agent"]: r for r in env_rows(collect(board_dir).envs[DEFAULT_ENV_ID])}
    assert set(rows) == {"oracle", "random", "my-agent"}
    assert rows["oracle"]["normalised"] == pytest.approx(1.0) and rows["random"]["normalised"] == pytest.approx(0.0)
    assert "| solve CI vs random |" in text and "| return CI vs random |" in text
    assert rows["random"]["solve_vs_random"] == rows["random"]["vs_random"] == "—"  # never compared with itself


def test_a_training_split_task_is_refused_for_held_out_evaluation(tmp_path, capsys):
    code = main(["evaluate", "--agent", "random", "--episodes", "1", "--split", "test", "--tasks", TASKS,
                 "--task", "mutations/two_sum__b1_1", "--out", str(tmp_path), "--no-progress"])
    assert code == 1
    assert "not in the evaluated task set" in capsys.readouterr().err
    assert not list(tmp_path.iterdir())


@pytest.mark.parametrize("agent, match", [
    ("nonsense", "unknown agent"),
    ("ppo:/no/such/model.zip", "is not a file"),
    ("nosuchmodule:factory", "could not be loaded"),
])
def test_bad_agent_specs_say_what_to_do(tmp_path, capsys, agent, match):
    code = main(["evaluate", "--agent", agent, "--episodes", "1", "--tasks", TASKS, "--task", HELD_OUT[0],
                 "--out", str(tmp_path), "--no-progress"])
    assert code == 1
    assert match in capsys.readouterr().err


def test_a_corrupt_checkpoint_is_a_clear_error(tmp_path, capsys):
    bad = tmp_path / "model.zip"
    bad.write_bytes(b"not a zip")
    code = main(["evaluate", "--agent", f"ppo:{bad}", "--episodes", "1", "--tasks", TASKS, "--task", HELD_OUT[0],
                 "--out", str(tmp_path / "out"), "--no-progress"])
    assert code == 1
    assert "not a MaskablePPO checkpoint" in capsys.readouterr().err

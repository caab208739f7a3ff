"""Smoke test of the whole pipeline on RepairMenu (real sandbox): train PPO and DQN for a few dozen
steps on CPU on training-split tasks, evaluate them on held-out tasks, render the leaderboard with
learning curves, and verify every result by replay."""

from __future__ import annotations

import json

import pytest

pytest.importorskip("sb3_contrib")
pytest.importorskip("matplotlib")

from codegym.cli import main  # noqa: E402
from codegym.evaluation import DEFAULT_ENV_ID  # noqa: E402
from codegym.evaluation.checkpoints import read_meta  # noqa: E402

TASKS = '{"source": "mutations", "verify": false}'
TRAIN = ("mutations/two_sum__b1_1", "mutations/pascal_row__b1_0")  # training split
HELD_OUT = "mutations/caesar_cipher__b1_0"  # test split


def _evaluate(out, agent: str) -> None:
    assert main(["evaluate", "--env", DEFAULT_ENV_ID, "--agent", agent, "--episodes", "1", "--seed", "0",
                 "--split", "test", "--tasks", TASKS, "--task", HELD_OUT, "--out", str(out), "--no-progress"]) == 0


@pytest.mark.slow
def test_train_evaluate_render_and_verify_both_baselines(ppo, dqn, tmp_path):
    train_ids = [t for task in TRAIN for t in ("--task", task)]
    ppo_path = ppo.train(ppo.parse_args(ppo.Args, "ppo", [
        "--seed", "0", "--total-timesteps", "48", "--num-envs", "2", "--n-steps", "12", "--batch-size", "24",
        "--n-epochs", "2", "--tasks", TASKS, *train_ids, "--run-dir", str(tmp_path / "ppo"), "--device", "auto",
        "--checkpoint-freq", "24", "--bc-episodes", "2", "--bc-epochs", "2"]))
    dqn_path = dqn.train(dqn.parse_args(dqn.Args, "dqn", [
        "--seed", "0", "--total-timesteps", "48", "--learning-starts", "16", "--batch-size", "8", "--tasks", TASKS,
        *train_ids, "--run-dir", str(tmp_path / "dqn"), "--device", "auto", "--checkpoint-freq", "24"]))
    for path, algo in ((ppo_path, "ppo"), (dqn_path, "dqn")):
        meta = read_meta(path)
        assert meta["algo"] == algo and meta["device"] == "cpu" and meta["total_timesteps"] >= 48
        assert meta["sps"] > 0 and meta["env_sps"] > 0 and meta["curve"], meta
        assert (path.parent / "curve.csv").read_text().startswith("step,episodic_return,solved,length")
        assert list((path.parent / "tb").iterdir()), "no TensorBoard events"
        assert len(list((path.parent / "checkpoints").iterdir())) == 2
    warm_start = read_meta(ppo_path)["warm_start"]
    assert warm_start["episodes"] == 2 and warm_start["states"] >= 2 and 0 <= warm_start["accuracy"] <= 1
    # the PPO TensorBoard run has the scalars the issue names
    from tensorboard.backend.event_processing.event_accumulator import EventAccumulator

    events = EventAccumulator(str(ppo_path.parent / "tb"))
    events.Reload()
    assert {"charts/episodic_return", "charts/solve_rate", "charts/SPS", "losses/approx_kl",
            "losses/entropy", "warm_start/accuracy"} <= set(events.Tags()["scalars"])

    results = tmp_path / "results"
    _evaluate(results, f"ppo:{ppo_path}")
    _evaluate(results, f"dqn:{dqn_path}")
    doc = json.loads((results / "codegym_RepairMenu-v4__ppo__seed0.json").read_text())
    assert doc["training"]["steps"] >= 48 and doc["training"]["curve"] and doc["agent"]["checkpoint_sha256"]
    assert doc["metrics"]["refused_actions"] == 0  # masked policies only pick valid menu entries
    dqn_doc = json.loads((results / "codegym_RepairMenu-v4__dqn__seed0.json").read_text())
    assert dqn_doc["metrics"]["refused_actions"] == 0

    out = tmp_path / "LEADERBOARD.md"
    assert main(["leaderboard", str(results), "--out", str(out)]) == 0
    text = out.read_text()
    assert "| ppo |" in text and "| dqn |" in text and "curves_codegym_RepairMenu-v4.png" in text
    assert (tmp_path / "curves_codegym_RepairMenu-v4.png").read_bytes()[:4] == b"\x89PNG"
    assert main(["leaderboard", str(results), "--verify"]) == 0

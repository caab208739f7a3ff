"""Distributed evaluation and rollout collection on a local Ray cluster (real actors, real Docker sandboxes).

Same per-episode outcomes as the single-machine evaluator; a killed actor is replaced and its
episode retried (exactly N results, none twice); an actor that always dies ends as status
"error"; a killed run resumes by key; collect() is deterministic. The ``ray_local`` fixture
asserts the real home is untouched. The agent factories below are imported by the Ray
workers by their ``MODULE:CALLABLE`` spec.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

import numpy as np
import pytest

from codegym.cli import main
from codegym.errors import ConfigError
from codegym.evaluation.evaluator import evaluate
from codegym.evaluation.schema import ResultsError, read_results, summarise_episodes, validate_episode
from codegym.evaluation.verify import verify_file
from codegym.integrations.ray_journal import Journal

ENV = "codegym/RepairMenu-v4"
TASKS = ["builtin/fix_palindrome", "builtin/digital_root"]  # both in the builtin test split, cheap to run
COMMON = {"split": "test", "tasks": "builtin", "task_ids": TASKS}
HERE = "tests.integrations.test_ray_evaluate"


def counting_oracle(env):
    """The oracle, noting in ``$HOME/plays.log`` every episode it starts (HOME is the fixture's temp home)."""
    from codegym.agents import oracle_agent

    oracle, core, seen = oracle_agent(env), env.unwrapped, {"seed": None}

    def policy(obs, info):
        if core.np_random_seed != seen["seed"]:
            seen["seed"] = core.np_random_seed
            with open(Path.home() / "plays.log", "a") as fh:
                fh.write(f"{seen['seed']}\n")
        return oracle(obs, info)

    return policy


def dies_on_one_engine_gone_once_on_two(env):
    """The oracle, but the worker process exits (a crash) in every episode reset with seed 1, and in the
    episode of seed 2, on its first try only, the actor's Docker engine goes away for real (as in
    tests/dead_engine.py: DOCKER_HOST points at a socket nothing listens on, its sandbox and pools closed)."""
    import codegym.sandbox.pool as pool_module
    from codegym.agents import oracle_agent

    oracle, core = oracle_agent(env), env.unwrapped

    def policy(obs, info):
        if core.np_random_seed == 1:
            os._exit(1)
        marker = Path.home() / "engine-stopped-once"  # HOME: the fixture's temp home, shared by the workers
        if core.np_random_seed == 2 and not marker.exists():
            marker.touch()
            os.environ["DOCKER_HOST"] = f"unix://{Path.home()}/no-engine.sock"
            core.engine.runner.close()
            pool_module.close_pools()
        return oracle(obs, info)

    return policy


def outcomes(records):
    return [(r["task_id"], r["episode_seed"], r["verdict"], round(r["return"], 9), r["steps"], r["actions"])
            for r in records]


def keys(records):
    return [((r["options"] or {}).get("task_id", ""), r["episode_seed"]) for r in records]


@pytest.mark.slow
def test_cli_ray_gives_the_single_machine_outcomes_on_docker_nodes(ray_local, tmp_path, capsys):
    from codegym.integrations.ray import DOCKER_RESOURCE, evaluate_on_ray

    kwargs = '{"max_episode_steps": 4}'
    argv = ["evaluate", "--env", ENV, "--agent", "random", "--episodes", "4", "--seed", "7", "--split", "test",
            "--tasks", "builtin", "--env-kwargs", kwargs, "--out", str(tmp_path / "ray")]
    for task in TASKS:
        argv += ["--task", task]
    assert main(argv + ["--ray", "--workers", "2"]) == 0
    printed = capsys.readouterr()
    assert "[ray] 4/4 " in printed.err and "placing actors by CPU only" in printed.err
    path = tmp_path / "ray" / "codegym_RepairMenu-v4__random__seed7.json"
    doc, records = read_results(path)
    single, single_records, _ = evaluate(ENV, "random", 4, seed=7, env_kwargs={"max_episode_steps": 4},
                                         progress=False, **COMMON)
    assert outcomes(records) == outcomes(single_records)
    assert [r["status"] for r in records] == ["ok"] * 4
    assert doc["metrics"] == single["metrics"]
    assert set(doc) == set(single) and set(doc["evaluation"]) == set(single["evaluation"]) | {"ray"}
    assert doc["env"] == single["env"] and doc["agent"] == single["agent"]
    assert doc["evaluation"]["ray"]["played"] == 4 and doc["evaluation"]["ray"]["workers"] == 2
    assert doc["provenance"]["command_line"][-4:] == ["--ray", "local", "--workers", "2"]
    assert not list((tmp_path / "ray").glob("*.partial.jsonl"))  # the journal goes once the results are written
    assert verify_file(path) == []

    with pytest.raises(ConfigError, match="workers=3 needs 3 CPUs"):
        evaluate_on_ray(ENV, "oracle", 2, workers=3, **COMMON)
    with pytest.raises(ConfigError, match="unknown agent 'nope'"):  # raised in the actor, re-raised as itself
        evaluate_on_ray(ENV, "nope", 2, workers=1, **COMMON)

    # a cluster that advertises Docker nodes: the actors hold a share of that resource while they play
    ray_local.shutdown()
    short_tmp = tempfile.mkdtemp(prefix="cgray")  # socket paths must stay short, as in the fixture
    ray_local.init(num_cpus=2, resources={DOCKER_RESOURCE: 1}, include_dashboard=False, _temp_dir=short_tmp,
                   log_to_driver=False)
    held = []
    try:
        doc, records, _ = evaluate_on_ray(ENV, "oracle", 2, workers=2, progress=lambda line: None,
                                          on_finished=lambda key, busy: held.append(
                                              ray_local.available_resources().get(DOCKER_RESOURCE, 0)), **COMMON)
    finally:
        ray_local.shutdown()
        shutil.rmtree(short_tmp, ignore_errors=True)
    assert "placing actors on nodes with a 'docker' resource" == doc["evaluation"]["ray"]["placement"]
    assert held and held[0] < 1 and [r["verdict"] for r in records] == ["solved", "solved"]


@pytest.mark.slow
def test_dead_actors_are_replaced_and_every_episode_ends_exactly_once(ray_local, tmp_path):
    from codegym.integrations.ray import evaluate_on_ray

    killed = []

    def kill_one_busy_actor(key, busy):
        if not killed and busy:
            ray_local.kill(busy[0], no_restart=True)  # mid-episode: it was playing another key
            killed.append(key)

    doc, records, path = evaluate_on_ray(ENV, "oracle", 4, seed=0, out=tmp_path / "kill", workers=2,
                                         on_finished=kill_one_busy_actor, **COMMON)
    stats = doc["evaluation"]["ray"]
    assert killed and stats["failed_calls"] >= 1 and stats["actor_replacements"] >= 1
    assert [r["episode_seed"] for r in records] == list(range(4)) and len(set(keys(records))) == 4
    assert all(r["status"] == "ok" and r["verdict"] == "solved" for r in records)
    assert stats["played"] == 4 and stats["errors"] == 0
    _, stored = read_results(path)
    assert stored == records and verify_file(path) == []

    # an episode whose worker crashes on every try: status "error" after max_retries, never lost; an episode
    # whose engine stopped once: its actor is replaced and the retry plays it
    doc, records, path = evaluate_on_ray(ENV, f"{HERE}:dies_on_one_engine_gone_once_on_two", 3, seed=0,
                                         out=tmp_path / "dies", workers=2, max_retries=1, progress=lambda line: None,
                                         **COMMON)
    assert len(records) == 3 and len(set(keys(records))) == 3
    crashed = records[1]
    assert crashed["episode_seed"] == 1 and crashed["status"] == "error" and crashed["actions"] == []
    assert "failed 2 times" in crashed["error"] and "Died" in crashed["error"]
    assert [(r["status"], r["verdict"]) for r in (records[0], records[2])] == [("ok", "solved")] * 2
    stats = doc["evaluation"]["ray"]
    assert stats["failed_calls"] == 3 and stats["actor_replacements"] == 3  # 2 crashes of seed 1, 1 engine stop
    stopped = [f for f in stats["failures"] if ", 2]: " in f]
    assert len(stopped) == 1 and "Error" in stopped[0] and "sandbox" in stopped[0].lower(), stats["failures"]
    assert stats["errors"] == 1 and stats["played"] == 2
    metrics = doc["metrics"]
    assert metrics["episodes"] == 3 and metrics["error_episodes"] == 1
    assert metrics["solve_rate"] == 1.0  # counted, not averaged in
    _, stored = read_results(path)
    assert stored == records and verify_file(path) == []  # the error episode is not replayed; the others are
    journal = path.with_name(path.name.replace(".json", ".episodes.partial.jsonl"))
    assert journal.is_file()  # kept: a rerun plays only the episode that ended in error


@pytest.mark.slow
def test_a_killed_run_resumes_by_key_and_collect_is_deterministic(ray_local, tmp_path):
    from codegym.integrations.ray import collect, evaluate_on_ray

    class DriverKilled(Exception):
        pass

    finished = []

    def die_after_three(key, busy):
        finished.append(key)
        if len(finished) == 3:
            raise DriverKilled

    agent = f"{HERE}:counting_oracle"
    with pytest.raises(DriverKilled):
        evaluate_on_ray(ENV, agent, 5, seed=0, out=tmp_path, workers=2, on_finished=die_after_three, **COMMON)
    journal = tmp_path / "codegym_RepairMenu-v4__counting_oracle__seed0.episodes.partial.jsonl"
    lines = journal.read_text().splitlines()
    assert len(lines) == 1 + 3  # header + the three finished episodes
    kept = [json.loads(line) for line in lines[1:3]]
    journal.write_text("\n".join(lines[:3]) + "\n" + lines[3][:40])  # keep 2, and a line torn mid-write
    plays = Path.home() / "plays.log"  # the fixture's temp home, which the workers share
    plays.unlink(missing_ok=True)
    doc, records, path = evaluate_on_ray(ENV, agent, 5, seed=0, out=tmp_path, workers=2, **COMMON)
    assert doc["evaluation"]["ray"]["resumed"] == 2 and doc["evaluation"]["ray"]["played"] == 3
    replayed = sorted(int(s) for s in plays.read_text().split())
    assert replayed == sorted(set(range(5)) - {r["episode_seed"] for r in kept})
    assert [r["episode_seed"] for r in records] == list(range(5)) and len(set(keys(records))) == 5
    assert all(r in records for r in kept)
    assert not journal.exists() and verify_file(path) == []

    kwargs = {"tasks": TASKS, "max_episode_steps": 3}
    first = collect(ENV, "random", 3, seed=4, env_kwargs=kwargs, workers=2)
    second = collect(ENV, "random", 3, seed=4, env_kwargs=kwargs, workers=2)
    assert [t["episode_seed"] for t in first] == [4, 5, 6]
    for a, b in zip(first, second):
        assert a["status"] == "ok" and a["task_id"] in TASKS
        assert len(a["observations"]) == len(a["infos"]) == a["steps"] + 1 == len(a["actions"]) + 1
        assert len(a["rewards"]) == a["steps"] and a["return"] == pytest.approx(sum(a["rewards"]))
        assert (a["task_id"], a["actions"], a["rewards"], a["verdict"]) == (b["task_id"], b["actions"], b["rewards"],
                                                                              b["verdict"])
        for oa, ob in zip(a["observations"], b["observations"]):
            assert all(np.array_equal(oa[k], ob[k]) for k in oa)
    submit = collect(ENV, lambda obs, info: 0, 2, seed=0, env_kwargs=kwargs, workers=1)  # a plain callable
    assert [t["actions"] for t in submit] == [[0], [0]] and all(t["steps"] == 1 for t in submit)


# --- no cluster needed ---------------------------------------------------------------------------------------

def test_importing_codegym_never_imports_ray():
    code = ("import sys, codegym, codegym.integrations.ray, codegym.commands.evaluate, codegym.bench.ray_bench; "
            "assert 'ray' not in sys.modules, 'ray was imported'")
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr[-2000:]


def test_journal_keeps_ok_records_by_key_and_refuses_other_settings(tmp_path):
    path = tmp_path / "j.partial.jsonl"
    ok = {"episode_seed": 3, "options": {"task_id": "t"}, "status": "ok", "return": 1.0}
    with Journal.open(path, {"seed": 0}) as journal:
        journal.append(ok)
        journal.append(dict(ok, **{"return": 2.0}))  # the same key again: the first one counts
        journal.append({"episode_seed": 4, "options": None, "status": "error"})  # played again on resume
    assert Journal.load(path, {"seed": 0}, "E") == {("E", "t", 3): ok}
    with pytest.raises(ConfigError, match="other settings"):
        Journal.load(path, {"seed": 1}, "E")
    assert Journal.load(tmp_path / "none.jsonl", {"seed": 0}, "E") == {}


def test_error_episodes_are_counted_not_averaged_and_have_no_actions():
    ok = {"task_id": "t", "episode_seed": 0, "options": None, "verdict": "failed", "return": 2.0, "steps": 1,
          "reward_valid": True, "truncated": False, "action_errors": 0, "actions": [1], "status": "ok"}
    error = dict(ok, episode_seed=1, status="error", verdict="error", **{"return": 0.0}, steps=0, actions=[])
    metrics = summarise_episodes([ok, error])
    assert metrics["episodes"] == 2 and metrics["error_episodes"] == 1
    assert metrics["return_mean"] == 2.0 and metrics["per_task"]["t"]["episodes"] == 1
    assert "error_episodes" not in summarise_episodes([ok])  # files from before the field verify unchanged
    with pytest.raises(ResultsError, match="status 'error' has no actions"):
        validate_episode(dict(error, actions=[1], steps=1), "x:2")
    with pytest.raises(ResultsError, match="status must be one of"):
        validate_episode(dict(ok, status="lost"), "x:1")

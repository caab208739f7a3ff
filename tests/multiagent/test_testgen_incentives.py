"""Incentives of testgen_coder_v2 with scripted agents (real sandbox, one HumanEval repair, 1-2 rounds).

For each reward, the cheapest policy that could earn it is shown to earn no more than
honest failure: bad tests cost 0.2 each, repeats add nothing, a correct coder leaves the
generator only the mutant term, and a wrong coder loses to a generator holding the
hidden tests' inputs.
"""

from __future__ import annotations

import json

import pytest

from codegym.multiagent import testgen_coder_v2 as tc
from codegym.multiagent.testgen_setup import single_bug_repairs

TASKS = single_bug_repairs(["humaneval/000_has_close_elements"], seed=1)
ENTRY = "has_close_elements"


@pytest.fixture(scope="module")
def text_env():
    env = tc.parallel_env(action_mode="text", tasks=TASKS, max_rounds=1, max_tests=8, n_mutants=3, sandbox="docker")
    yield env
    env.close()


@pytest.fixture(scope="module")
def menu_env():
    env = tc.parallel_env(action_mode="menu", tasks=TASKS, max_rounds=2, pool_size=8, menu_size=8, n_mutants=3,
                          sandbox="docker")
    yield env
    env.close()


def keep(env) -> str:
    return json.dumps({"tool": "write_file", "args": {"path": env.path, "text": env.source}})


def one_round(env, tests: list[dict], coder: str | None = None) -> tuple[dict, dict]:
    env.reset(seed=0)
    actions = {"testgen_0": json.dumps({"tests": tests}), "coder_0": coder if coder is not None else keep(env)}
    _, rewards, terminations, _, infos = env.step(actions)
    assert all(terminations.values())
    return rewards, infos


def test_each_test_failing_the_reference_costs_its_own_penalty(text_env):
    good = {"args": [[1.0, 2.0, 3.0], 0.5], "expected": False}  # the reference agrees
    bad = [{"args": [[1.0, 2.0, 3.0], 0.5 + k], "expected": "not what the reference returns"} for k in range(3)]
    base, info = one_round(text_env, [good])
    assert info["testgen_0"]["valid_tests"] == 1 and info["testgen_0"]["invalid_tests"] == 0
    previous = base["testgen_0"]
    for k in range(1, 4):
        rewards, info = one_round(text_env, [good, *bad[:k]])
        assert info["testgen_0"]["invalid_tests"] == k and info["testgen_0"]["valid_tests"] == 1
        assert rewards["testgen_0"] == pytest.approx(base["testgen_0"] - 0.2 * k)
        assert rewards["testgen_0"] < previous  # omitting a bad test always beats sending it
        previous = rewards["testgen_0"]
    # an `assert False`-style suite alone is worth less than sending nothing
    nothing, _ = one_round(text_env, [])
    only_bad, _ = one_round(text_env, bad[:1])
    assert nothing["testgen_0"] == 0.0 and only_bad["testgen_0"] == pytest.approx(-0.2)


def test_duplicates_add_nothing(text_env):
    test = {"args": [[1.0, 2.0, 3.9, 4.0, 5.0, 2.2], 0.3], "expected": True}
    once, _ = one_round(text_env, [test])
    thrice, info = one_round(text_env, [test, test, test])
    assert info["testgen_0"]["duplicates"] == 2
    assert thrice["testgen_0"] == pytest.approx(once["testgen_0"])


def test_reference_coder_leaves_no_discriminative_reward(text_env, menu_env):
    text_env.reset(seed=0)
    oracle_tests = json.loads(text_env.oracle_action("testgen_0"))["tests"]
    reference = text_env.oracle_action("coder_0")
    rewards, info = one_round(text_env, oracle_tests, coder=reference)
    assert info["coder_0"]["hidden_verdict"] == "solved"
    assert info["testgen_0"]["candidate_fails"] is False
    assert rewards["coder_0"] == pytest.approx(1.0)
    assert rewards["testgen_0"] <= 0.5 + 1e-9  # only the mutant term is left
    for generator in ("oracle", "random"):
        rows = tc.play(menu_env, {"testgen_0": generator, "coder_0": "oracle"}, seed=0)
        assert rows[-1]["hidden_verdict"] == "solved"
        for row in rows:
            if row["hidden_verdict"] == "solved":
                assert row["candidate_fails"] is False
                assert row["reward:testgen_0"] <= 0.5 + 1e-9


def test_wrong_coder_is_beaten_by_a_generator_with_the_hidden_inputs(text_env):
    text_env.reset(seed=0)
    oracle = json.loads(text_env.oracle_action("testgen_0"))["tests"]
    reference = text_env.oracle_action("coder_0")
    rewards, info = one_round(text_env, oracle)  # the coder keeps its buggy program
    assert info["coder_0"]["hidden_verdict"] != "solved"
    assert info["testgen_0"]["candidate_fails"] is True
    assert rewards["testgen_0"] > rewards["coder_0"]
    assert rewards["testgen_0"] >= 1.0
    # the same generator earns less against the reference coder, and a silent one earns nothing
    solved, _ = one_round(text_env, oracle, coder=reference)
    silent, _ = one_round(text_env, [])
    assert rewards["testgen_0"] > solved["testgen_0"] >= silent["testgen_0"] == 0.0
    # the coder's reward orders the programs as the hidden tests do
    assert solved["coder_0"] > rewards["coder_0"]


def test_coder_cannot_beat_honest_failure_by_breaking_things(text_env):
    kept, _ = one_round(text_env, [])
    broken, info = one_round(text_env, [], coder=json.dumps({"tool": "write_file", "args": {
        "path": text_env.path, "text": "def has_close_elements(:\n"}}))
    garbage, ginfo = one_round(text_env, [], coder="{not json")
    assert broken["coder_0"] <= kept["coder_0"]
    assert garbage["coder_0"] < kept["coder_0"] and ginfo["coder_0"]["action_error"]


@pytest.mark.slow
def test_hidden_input_generator_beats_a_wrong_coder_across_default_tasks():
    tasks = tc.default_tasks()
    picked, bases = [], set()
    for task in tasks:
        if task.meta["base_task"] not in bases:
            bases.add(task.meta["base_task"])
            picked.append(task.id)
        if len(picked) == 3:
            break
    env = tc.parallel_env(action_mode="text", max_rounds=1, n_mutants=2, sandbox="docker")
    try:
        for task_id in picked:
            env.reset(seed=0, options={"task_id": task_id})
            keep_program = keep(env)
            _, rewards, _, _, infos = env.step({"testgen_0": env.oracle_action("testgen_0"), "coder_0": keep_program})
            assert infos["coder_0"]["hidden_verdict"] != "solved", task_id  # the repair task starts wrong
            assert infos["testgen_0"]["candidate_fails"] is True, task_id
            assert rewards["testgen_0"] > rewards["coder_0"], task_id
    finally:
        env.close()

"""author_reviewer_v2: PettingZoo contracts, incentives with scripted agents, hostile actions (real sandbox)."""

from __future__ import annotations

import json

import numpy as np
import pytest
from pettingzoo.test import api_test, parallel_api_test, seed_test

import codegym
import codegym.tasks
from codegym.multiagent import author_reviewer_v2 as ar
from codegym.rewards.scoring import reviewer_reward
from codegym.tasks import TaskSet

FAST = ("mutations/two_sum__b1_0", "mutations/pascal_row__b1_0")


@pytest.fixture(scope="module")
def tasks() -> TaskSet:
    repairs = codegym.tasks.load("mutations", verify=False)
    return TaskSet([repairs.get(t) for t in FAST], name="fast")


@pytest.fixture(scope="module")
def sb():
    with codegym.make_sandbox("docker") as sandbox:
        yield sandbox


def play(env, policy_for, seed=0):
    """Run one AEC episode; ``policy_for[agent](raw_env, obs)`` gives actions; returns per-agent returns."""
    env.reset(seed=seed)
    returns = {agent: 0.0 for agent in env.possible_agents}
    for agent in env.agent_iter(max_iter=500):
        obs, reward, term, trunc, info = env.last()
        returns[agent] += reward
        env.step(None if term or trunc else policy_for[agent](env.unwrapped, obs))
    return returns


def oracle(raw, obs):
    return raw.oracle_action()


def wait_or(action_when_acting):
    def policy(raw, obs):
        agent = raw.agent_selection
        if agent != raw.acting():
            return raw._wait_index(agent)
        return action_when_acting(raw, obs)
    return policy


def author_with_schedule(correct_schedule, state):
    """Menu author: the restoring edit in episodes marked True, a wrong (non-restoring) edit otherwise
    (``state["episode"]`` is the episode being played)."""

    def policy(raw, obs):
        if raw.agent_selection != raw.acting():
            return raw._wait_index(ar.AUTHOR)
        correct = correct_schedule[state["episode"] % len(correct_schedule)]
        toward = raw.menu.toward_indices()
        others = [i for i in range(len(raw.menu.entries)) if i not in toward]
        return toward[0] if correct or not others else others[0]
    return policy


# ---------------------------------------------------------------- PettingZoo's own tests
@pytest.mark.slow
@pytest.mark.parametrize("mode", ["menu", "text"])
def test_pettingzoo_api_tests(mode, tasks, sb):
    api_test(ar.env(action_mode=mode, tasks=tasks, sandbox=sb, max_rounds=2), num_cycles=12)
    parallel_api_test(ar.parallel_env(action_mode=mode, tasks=tasks, sandbox=sb, max_rounds=2), num_cycles=12)


@pytest.mark.slow
def test_seed_test(tasks, sb):
    seed_test(lambda: ar.env(action_mode="menu", tasks=tasks, sandbox=sb, max_rounds=2), num_cycles=8)


def test_spaces_are_the_same_objects_and_masks_follow_the_turn(tasks, sb):
    env = ar.raw_env(action_mode="menu", tasks=tasks, sandbox=sb)
    for agent in env.possible_agents:
        assert env.observation_space(agent) is env.observation_space(agent)
        assert env.action_space(agent) is env.action_space(agent)
    env.reset(seed=1)
    author_mask = env.observe(ar.AUTHOR)["action_mask"]
    reviewer_mask = env.observe(ar.REVIEWER)["action_mask"]
    assert author_mask[:-1].any() and not author_mask[-1]  # the author patches, cannot wait
    assert list(reviewer_mask) == [0, 0, 1]  # the reviewer can only wait
    env.step(env.oracle_action())  # author patches
    env.step(ar.REVIEWER_WAIT)  # reviewer waits: the cycle ends, review phase
    assert env.phase == ar.REVIEW
    assert list(env.observe(ar.REVIEWER)["action_mask"]) == [1, 1, 0]
    assert env.observe(ar.AUTHOR)["action_mask"][-1] == 1 and env.observe(ar.AUTHOR)["action_mask"].sum() == 1
    env.close()


# ---------------------------------------------------------------- incentives
def run_mix(tasks, sb, schedule, reviewer, base_rate):
    env = ar.env(action_mode="menu", tasks=tasks, sandbox=sb, max_rounds=1, base_rate=base_rate)
    rewards, decisions = [], []
    state = {"episode": 0}
    author = author_with_schedule(schedule, state)
    for episode, _ in enumerate(schedule):
        state["episode"] = episode
        returns = play(env, {ar.AUTHOR: author, ar.REVIEWER: wait_or(reviewer)}, seed=episode)
        rewards.append(returns[ar.REVIEWER])
        decisions.extend(env.unwrapped.decisions)
    env.close()
    return np.array(rewards), decisions


REVIEWERS = {
    "rubber_stamp": lambda raw, obs: ar.APPROVE,
    "blanket_reject": lambda raw, obs: ar.REQUEST_CHANGES,
    "random": lambda raw, obs: int(raw.np_random.integers(2)),
    "perfect": lambda raw, obs: raw.oracle_action(),
}


@pytest.mark.slow
@pytest.mark.parametrize("schedule", [[True, False] * 3, [True, True, True, True, False] * 2],
                         ids=["base_rate_0.5", "base_rate_0.8"])
def test_uninformed_reviewers_earn_nothing_and_a_perfect_one_earns_one(tasks, sb, schedule):
    q = sum(schedule) / len(schedule)
    results = {name: run_mix(tasks, sb, schedule, policy, q) for name, policy in REVIEWERS.items()}
    for name, (rewards, decisions) in results.items():
        assert [d["correct"] for d in decisions] == schedule, name  # the scripted author produced the mix exactly
        for reward, d in zip(rewards, decisions):  # the env pays exactly the formula
            assert reward == pytest.approx(reviewer_reward(d["approve"], d["correct"], q))
    assert results["rubber_stamp"][0].mean() == pytest.approx(0.0, abs=1e-9)
    assert results["blanket_reject"][0].mean() == pytest.approx(0.0, abs=1e-9)
    random_rewards = results["random"][0]
    assert abs(random_rewards.mean()) <= 3 * random_rewards.std(ddof=1) / np.sqrt(len(random_rewards)) + 1e-9
    assert results["perfect"][0].mean() == pytest.approx(1.0)
    for name in ("rubber_stamp", "blanket_reject", "random"):
        assert results[name][0].mean() < results["perfect"][0].mean()


def test_default_base_rate_is_a_running_mean_of_reviewed_patches(tasks, sb):
    schedule = [True, True, True, False]
    rewards, decisions = run_mix(tasks, sb, schedule, REVIEWERS["rubber_stamp"], None)
    assert [d["base_rate"] for d in decisions] == pytest.approx([0.5, 0.75, 2.5 / 3, 3.5 / 4])


@pytest.mark.slow
def test_a_merged_wrong_patch_is_the_authors_worst_return(tasks, sb):
    outcomes = {}
    for correct in (True, False):
        for decision in (ar.APPROVE, ar.REQUEST_CHANGES):
            env = ar.env(action_mode="menu", tasks=tasks, sandbox=sb, max_rounds=1, base_rate=0.5)
            returns = play(env, {ar.AUTHOR: author_with_schedule([correct], {"episode": 0}),
                                 ar.REVIEWER: wait_or(lambda raw, obs, d=decision: d)}, seed=3)
            outcomes[(correct, decision == ar.APPROVE)] = returns[ar.AUTHOR]
            env.close()
    assert outcomes[(False, True)] == pytest.approx(-1.0)
    assert min(outcomes, key=outcomes.get) == (False, True)
    assert outcomes[(True, True)] == pytest.approx(1.0) and outcomes[(True, False)] == pytest.approx(0.5)


def test_oracles_merge_a_correct_patch_in_both_modes(tasks, sb):
    for mode in ("menu", "text"):
        env = ar.env(action_mode=mode, tasks=tasks, sandbox=sb, max_rounds=2)
        returns = play(env, {ar.AUTHOR: oracle, ar.REVIEWER: oracle}, seed=0)
        raw = env.unwrapped
        assert raw.merged and raw.engine.verdict == "solved", mode
        assert returns[ar.AUTHOR] == pytest.approx(1.0) and returns[ar.REVIEWER] > 0
        env.close()


def test_text_reviewer_comment_reaches_the_author(tasks, sb):
    env = ar.raw_env(action_mode="text", tasks=tasks, sandbox=sb, max_rounds=2)
    env.reset(seed=0)
    env.step(json.dumps({"tool": "submit_patch"}))  # author sends the buggy start file
    env.step("")  # reviewer waits
    env.step("")  # author waits
    env.step(json.dumps({"decision": "request_changes", "comment": "the loop bound is off"}))
    assert env.phase == ar.PATCH and env.round == 2
    assert "the loop bound is off" in env.observe(ar.AUTHOR)["text"]
    assert env.decisions[0]["correct"] is False
    env.close()


# ---------------------------------------------------------------- hostile input
HOSTILE = [None, -1, 10**30, 3.5, True, np.array([1, 2]), np.array([0.5]), "approve", "", "{", "[]", "{}",
           json.dumps({"tool": "write_file", "path": "../etc/passwd", "content": "x"}),
           json.dumps({"tool": "write_file", "path": "solution.py", "content": 5}),
           json.dumps({"decision": "approve", "comment": ["x"]}), json.dumps({"tool": "rm -rf /"}),
           "x" * 300_000, {"decision": "approve"}, b"\x00\xff"]


@pytest.mark.parametrize("mode", ["menu", "text"])
def test_hostile_actions_are_penalised_never_raised(mode, tasks, sb):
    env = ar.raw_env(action_mode=mode, tasks=tasks, sandbox=sb, max_rounds=1, max_tool_calls=2)
    rng = np.random.default_rng(0)
    env.reset(seed=0)
    penalised = 0
    for step in range(120):
        agent = env.agent_selection
        if env.terminations[agent] or env.truncations[agent]:
            env.step(None)
            if not env.agents:
                break
            continue
        action = HOSTILE[int(rng.integers(len(HOSTILE)))]
        env.step(action)
        info = env.infos[agent]
        error = info["action_error"]
        penalised += bool(error)
        if error:
            assert env.rewards[agent] < 0
    assert penalised >= 4
    # the stalled episode was cut and judged: no infinite episode, no exception
    assert env.engine.done and env.engine.verdict in ("timeout", "failed", "partial", "solved")
    env.close()


def test_bad_configuration_names_the_option(tasks, sb):
    from codegym.errors import ConfigError

    for kwargs, word in [({"action_mode": "voice"}, "action_mode"), ({"max_rounds": 0}, "max_rounds"),
                         ({"base_rate": 1.5}, "base_rate"), ({"author_mode": "evil"}, "author_mode")]:
        with pytest.raises(ConfigError, match=word):
            ar.raw_env(tasks=tasks, sandbox=sb, **kwargs)

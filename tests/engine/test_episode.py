"""The episode engine without any env around it: one end, one budget, per-agent rewards (real sandbox)."""

from __future__ import annotations

import ast
from pathlib import Path

import numpy as np
import pytest

import codegym.engine
import codegym.tasks
from codegym.engine import INFO_KEYS, Episode
from codegym.errors import ConfigError

TASK = "builtin/two_sum"


@pytest.fixture(scope="module")
def task():
    return codegym.tasks.get(TASK)


def make(**kwargs) -> Episode:
    return Episode(tasks=[TASK], default_reward={"tests": {"weight": 1.0, "options": {"which": "hidden"}},
                                                 "completion": 1.0, "shaping": 1.0}, **kwargs)


def heard(episode: Episode) -> list:
    calls = []
    update = episode.curriculum.update
    episode.curriculum.update = lambda t, solved: (calls.append((t.id, solved)), update(t, solved))
    return calls


def test_no_gymnasium_or_pettingzoo_import_in_the_engine():
    for path in Path(codegym.engine.__file__).parent.glob("*.py"):
        for node in ast.walk(ast.parse(path.read_text())):
            names = [a.name for a in node.names] if isinstance(node, ast.Import) else \
                [node.module or ""] if isinstance(node, ast.ImportFrom) else []
            assert not any(n.split(".")[0] in ("gymnasium", "gym", "pettingzoo") for n in names), path.name


def test_submit_ends_once_with_the_hidden_verdict(task):
    episode = make()
    try:
        calls = heard(episode)
        episode.begin(np.random.default_rng(0))
        assert episode.info()["verdict"] == "" and set(INFO_KEYS) <= set(episode.info())
        assert episode.write_file("solution.py", task.reference["solution.py"])
        outcome = episode.step(submit=True)
        assert outcome.terminated and not outcome.truncated and outcome.info["verdict"] == "solved"
        assert outcome.info["hidden_tests"]["failed"] == 0 and outcome.reward > 10
        assert episode.end() == "solved" and calls == [(TASK, True)]  # ending again changes nothing
        after = episode.step(problem="late")
        assert after.reward == 0.0 and after.terminated and "reset()" in after.info["action_error"]
    finally:
        episode.close()


def test_the_step_that_exhausts_the_budget_is_judged_timeout(task):
    episode = make(max_steps=2)
    try:
        calls = heard(episode)
        episode.begin(np.random.default_rng(0))
        first = episode.step(problem="not a tool call")
        assert not (first.terminated or first.truncated) and first.info["reward_terms"]["invalid_action"] == -1.0
        second = episode.step()
        assert second.truncated and second.info["verdict"] == "timeout" and second.info["hidden_tests"]["total"] > 0
        assert second.info["reward_terms"]["completion"] <= -2.0 and calls == [(TASK, False)]
    finally:
        episode.close()


def test_an_episode_cut_from_outside_is_reported_to_the_curriculum_at_the_next_begin():
    episode = make()
    try:
        calls = heard(episode)
        episode.begin(np.random.default_rng(0))
        episode.step(problem="stalling")
        episode.begin(np.random.default_rng(1))
        assert calls == [(TASK, False)]
    finally:
        episode.close()


def test_each_agent_has_its_own_reward_and_settles_once(task):
    episode = Episode(tasks=[TASK], agents=("author_0", "reviewer_0"),
                      reward={"author_0": {"completion": 1.0}, "reviewer_0": {"completion": -1.0}})
    try:
        episode.begin(np.random.default_rng(0))
        episode.write_file("solution.py", task.reference["solution.py"])
        author = episode.step("author_0", action={"event": "patch"})
        assert author.reward == 0.0 and not author.terminated
        reviewer = episode.step("reviewer_0", submit=True)
        assert reviewer.info["verdict"] == "solved" and reviewer.reward == -10.0
        settled = episode.settle("author_0", action={"event": "final"})
        assert settled.reward == 10.0 and episode.settle("author_0").reward == 0.0
        assert episode.settle("reviewer_0").reward == 0.0  # it was paid on its own last step
        with pytest.raises(ConfigError, match="unknown agent"):
            episode.step("nobody")
    finally:
        episode.close()


def test_bad_arguments_are_named():
    with pytest.raises(ConfigError, match="max_steps"):
        make(max_steps=0)
    with pytest.raises(ConfigError, match="agents"):
        Episode(tasks=[TASK], agents=("a", "a"))
    episode = make()
    episode.begin(np.random.default_rng(0))
    with pytest.raises(ConfigError, match="verdict must be one of"):
        episode.end("great")
    with pytest.raises(ConfigError, match="reset options"):
        episode.begin(np.random.default_rng(0), options="two_sum")
    episode.close()

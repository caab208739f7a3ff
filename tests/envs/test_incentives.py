"""Scripted agents prove the rewards pay for progress, not for repetition or stalling (real sandbox).

For each reward, the cheapest policy that could farm it:

* repeating ``run_tests`` on an unchanged, a hard-coded or the reference file, then
  submitting — never beats submitting the reference at once (visible runs pay only
  potential-based progress, once);
* stalling to the step limit — never beats submitting the same files (the timeout's
  hidden run is paid as that submission, and its completion is ``min(timeout, verdict)``);
* splitting a correct solution across a helper module — is ``solved`` (the verdict run
  sees every file the visible runs saw).
"""

from __future__ import annotations

import json

import gymnasium as gym
import pytest

import codegym  # noqa: F401
import codegym.tasks

TASK = "builtin/two_sum"

#: Passes both visible tests of two_sum by remembering their answers; knows nothing else.
HARD_CODED = '''def two_sum(nums, target):
    if list(nums) == [2, 7, 11, 15] and target == 9:
        return (0, 1)
    return None
'''


def act(tool: str, **args) -> str:
    return json.dumps({"tool": tool, "args": args})


def write(path: str, text: str, files: dict) -> str:
    if path in files:
        return act("replace_lines", path=path, start_line=1, end_line=max(1, len(files[path].splitlines())), text=text)
    return act("create_file", path=path, text=text)


def play(actions: list[str], max_episode_steps: int = 50) -> tuple[float, dict]:
    """The return and last info of one episode on TASK; stops at the end of the episode."""
    env = gym.make("codegym/CodeEdit-v4", tasks=[TASK], max_episode_steps=max_episode_steps)
    try:
        env.reset(seed=0, options={"task_id": TASK})
        total, info = 0.0, {}
        for action in actions:
            _, reward, terminated, truncated, info = env.step(action)
            total += reward
            if terminated or truncated:
                return total, info
        while True:  # stall until the limit
            _, reward, terminated, truncated, info = env.step(act("list_files"))
            total += reward
            if terminated or truncated:
                return total, info
    finally:
        env.close()


@pytest.fixture(scope="module")
def task():
    return codegym.tasks.get(TASK)


@pytest.fixture(scope="module")
def honest(task) -> float:
    total, info = play([write("solution.py", task.reference["solution.py"], task.files), act("submit")])
    assert info["verdict"] == "solved"
    return total


@pytest.mark.parametrize("which", ["start", "hard_coded", "reference"])
def test_repeating_run_tests_never_beats_submitting_the_reference(task, honest, which):
    text = {"start": task.files["solution.py"], "hard_coded": HARD_CODED, "reference": task.reference["solution.py"]}[which]
    actions = [] if which == "start" else [write("solution.py", text, task.files)]
    farmed, info = play(actions + [act("run_tests")] * 40 + [act("submit")])
    assert info["verdict"] in ("solved", "partial", "failed")
    assert farmed <= honest + 1e-9, f"{which}: {farmed} > {honest}"
    if which == "hard_coded":
        assert info["tests"]["passed"] == info["tests"]["total"] > 0  # it did pass every visible test
        assert farmed < honest


@pytest.mark.parametrize("which", ["start", "hard_coded", "reference"])
def test_stalling_never_beats_submitting_the_same_files(task, which):
    text = {"start": None, "hard_coded": HARD_CODED, "reference": task.reference["solution.py"]}[which]
    actions = [] if text is None else [write("solution.py", text, task.files)]
    submitted, at_submit = play(actions + [act("submit")], max_episode_steps=6)
    stalled, at_limit = play(actions, max_episode_steps=6)
    assert at_limit["verdict"] == "timeout" and at_limit["hidden_tests"] == at_submit["hidden_tests"]
    assert stalled <= submitted + 1e-9, f"{which}: stalling {stalled} > submitting {submitted}"


def test_a_correct_solution_split_across_a_helper_module_is_solved(task):
    actions = [act("create_file", path="helper.py", text=task.reference["solution.py"]),
               write("solution.py", "from helper import two_sum\n", task.files),
               act("run_tests"), act("submit")]
    total, info = play(actions)
    assert info["tests"]["passed"] == info["tests"]["total"] > 0
    assert info["verdict"] == "solved" and info["hidden_tests"]["failed"] == 0 and total > 0

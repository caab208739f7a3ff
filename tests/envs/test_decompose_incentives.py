"""Every reward of the decomposition envs, the cheapest policy that could farm it, and proof it does not pay.

* worker ``progress`` (potential-based) — a worker that yields at once earns exactly 0, the
  same as an honest worker that changes nothing; editing back and forth earns 0 in total.
* worker ``part_passed`` (+1) — breaking a passing part and repairing it earns no second
  bonus: the break costs −1 (``regression``), the repair earns back only the lost progress,
  so the cycle earns ≤ 0.
* manager ``parts`` (+c) — paid once per part per episode: the same break/repair cycle
  pays the manager nothing.
* visible-test gaming — a worker that hard-codes a part's visible examples gets its
  ``part_passed``, its ``progress`` and the manager's ``parts`` taken back at the end
  (``unconfirmed``/``parts_unconfirmed``): both levels net what doing nothing nets.
* manager ``completion`` — submitting at once earns ``failed``, no more than an honest
  attempt whose worker fails; selecting the same part forever (until the step limit)
  earns no more than submitting the same files.

Real sandbox, one two-part task (``builtin/vigenere``), text tools (scripted exactly).
"""

from __future__ import annotations

import json

import gymnasium as gym
import pytest

import codegym  # noqa: F401
from codegym.envs.decompose import SOLUTION

TASK = "builtin/vigenere"


def act(tool: str, **args) -> str:
    return json.dumps({"tool": tool, "args": args})


@pytest.fixture
def env():
    env = gym.make("codegym/Decompose-v2", tasks=[TASK], max_episode_steps=12)
    yield env
    env.close()


def run(env, actions) -> tuple[float, float, list[dict]]:
    """Play ``actions`` (strings, or callables of the core env); returns manager and worker returns."""
    manager = worker = 0.0
    infos = []
    for action in actions:
        _, reward, terminated, truncated, info = env.step(action(env.unwrapped) if callable(action) else action)
        manager += info["manager_reward"]
        worker += info["worker_reward"]
        assert abs(reward - info["manager_reward"] - info["worker_reward"]) < 1e-9
        infos.append(info)
        if terminated or truncated:
            break
    return manager, worker, infos


def oracle(core) -> str:
    return core.oracle_action()


def restore_start(part: int):
    """A worker call that puts part ``part``'s region back to its starting text (breaking it)."""
    def call(core) -> str:
        machine = core.machine
        first, last = machine.region(part)
        start = core.task.files[SOLUTION]
        from codegym.envs.decompose import part_regions
        s_first, s_last = part_regions(start, machine.entries)[machine.entries[part]]
        text = "".join(start.splitlines(keepends=True)[s_first - 1:s_last])
        return act("replace_lines", path=SOLUTION, start_line=first, end_line=last, text=text)
    return call


def test_a_worker_that_yields_at_once_earns_exactly_nothing(env):
    env.reset(seed=0)
    _, worker, infos = run(env, [act("select", part=0), act("yield")])
    assert worker == 0.0 and infos[-1]["termination"] == "yield"
    # an honest worker that looks, runs the tests and changes nothing earns the same
    _, honest, infos = run(env, [act("select", part=0), act("view_file", path=SOLUTION), act("run_tests"),
                                 act("yield")])
    assert honest == 0.0 and worker <= honest
    # and the honest worker that solves its part earns more than both
    _, solving, infos = run(env, [act("select", part=0), oracle])
    assert infos[-1]["termination"] == "part_passed" and solving >= 1.0 + 1.0 - 1e-9


def test_editing_back_and_forth_earns_nothing(env):
    env.reset(seed=0)
    start = env.unwrapped.files[SOLUTION]
    lines = len(start.splitlines())
    _, worker, infos = run(env, [act("select", part=1),
                                 act("insert_lines", path=SOLUTION, after_line=0, text="import os\n"),
                                 act("replace_lines", path=SOLUTION, start_line=1, end_line=lines + 1, text=start),
                                 act("yield")])
    assert [i["action_error"] for i in infos] == ["", "", "", ""]
    assert abs(worker) < 1e-9


def test_breaking_and_repairing_a_part_never_pays(env):
    env.reset(seed=0)
    manager0, worker0, _ = run(env, [act("select", part=0), oracle])  # honest: part 0 passes
    assert env.unwrapped.machine.passing[0]
    # the cycle: an option on part 1 breaks part 0; an option on part 0 repairs it
    manager, worker, infos = run(env, [act("select", part=1), restore_start(0), act("yield"),
                                       act("select", part=0), oracle])
    assert infos[1]["worker_terms"]["regression"] == -1.0
    assert infos[-1]["termination"] == "part_passed" and infos[-1]["worker_terms"]["part_passed"] == 0.0
    assert worker <= 0.0  # -1 for the break, the lost progress back, no second bonus
    assert manager == 0.0  # no second +c


def test_submitting_at_once_earns_no_more_than_an_honest_failure(env):
    env.reset(seed=0)
    cheap, _, infos = run(env, [act("submit")])
    assert infos[-1]["verdict"] == "failed"
    env.reset(seed=0)
    honest, _, infos = run(env, [act("select", part=0), act("run_tests"), act("yield"),
                                 act("select", part=1), act("run_tests"), act("yield"), act("submit")])
    assert infos[-1]["verdict"] == "failed"
    assert cheap <= honest


def test_selecting_one_part_forever_earns_no_more_than_submitting_the_same_files(env):
    env.reset(seed=0)
    forever, _, infos = run(env, [act("select", part=0), oracle] + [act("select", part=0)] * 20)
    assert infos[-1]["verdict"] == "timeout" and infos[-1]["termination"] == "episode_end"
    assert all(i["termination"] == "part_passed" for i in infos[2:-1])  # the passing part: nothing to do
    env.reset(seed=0)
    honest, _, infos = run(env, [act("select", part=0), oracle, act("submit")])
    assert infos[-1]["verdict"] == "partial"
    assert forever <= honest


#: Passes vigenere's one visible encrypt test by remembering its answer; knows nothing else.
HARD_CODED = 'def encrypt(text, key):\n    return "Lxfopv ef rnhr!"\n'


def test_hard_coding_the_visible_examples_nets_what_doing_nothing_nets(env):
    env.reset(seed=0)
    machine = env.unwrapped.machine

    def hard_code(core) -> str:
        first, last = machine.region(0)
        return act("replace_lines", path=SOLUTION, start_line=first, end_line=last, text=HARD_CODED)

    gamed_manager, gamed_worker, infos = run(env, [act("select", part=0), hard_code, act("submit")])
    assert infos[1]["termination"] == "part_passed" and infos[1]["worker_reward"] == 2.0  # paid on visible tests...
    assert infos[-1]["worker_terms"]["unconfirmed"] == -2.0  # ...and taken back by the hidden run
    assert infos[-1]["manager_terms"]["parts_unconfirmed"] == -1.0
    env.reset(seed=0)
    idle_manager, idle_worker, infos = run(env, [act("select", part=0), act("yield"), act("submit")])
    assert gamed_worker <= idle_worker == 0.0
    assert gamed_manager <= idle_manager

"""RepairMenu-v4: menu of edits, masks, features, oracle, hostile actions, determinism (real sandbox)."""

from __future__ import annotations

import math

import gymnasium as gym
import numpy as np
import pytest
from gymnasium.utils.env_checker import check_env, data_equivalence

import codegym
import codegym.tasks
from codegym.code.mutations import OPERATORS, Edit, apply_edits, candidate_edits
from codegym.envs.repair_menu import RepairMenuEnv
from codegym.code.repair import menu_edits, pending_after, toward_reference
from codegym.envs.repair_features import (
    CANDIDATE_FEATURES,
    N_CANDIDATE_FEATURES,
    N_TEST_FEATURES,
    TEST_FEATURES,
    EpisodeMemory,
    report_features,
)
from codegym.verdict.signals import failure_signals
from codegym.errors import ConfigError
from codegym.tasks.sources.mutations import restoring_edits
from codegym.tasks.model import Task
from codegym.tasks.taskset import TaskSet
from codegym.verdict import TestReport

# Bases whose reference passes its hidden tests; small programs keep the suite fast.
ORACLE_BASES = (
    "anagram_groups", "balanced_brackets", "bank_account", "bigint_ops", "caesar_cipher", "chunk_list",
    "compress_runs", "digital_root", "fizzbuzz_rules", "flatten_nested", "leap_years", "merge_intervals",
    "pascal_row", "roman_numerals", "rotate_matrix", "second_largest", "semver_compare", "slugify",
    "sudoku_valid", "two_sum",
)
SMALL = ("mutations/anagram_groups__b1_0", "mutations/two_sum__b1_0", "mutations/pascal_row__b1_0",
         "mutations/fix_running_max__b1_0")
COL = {name: i for i, name in enumerate(CANDIDATE_FEATURES)}


@pytest.fixture(scope="module")
def repairs() -> TaskSet:
    # The unverified generator output: instant, and the same tasks the verified set is drawn from.
    return codegym.tasks.load("mutations", verify=False)


@pytest.fixture(scope="module")
def small(repairs) -> TaskSet:
    return TaskSet([repairs.get(t) for t in SMALL], name="small")


@pytest.fixture(scope="module")
def sb():
    with codegym.make_sandbox("docker") as sandbox:
        yield sandbox


@pytest.fixture
def env(small, sb):
    env = gym.make("codegym/RepairMenu-v4", tasks=small, sandbox=sb)
    yield env
    env.close()


def oracle_tasks(repairs: TaskSet) -> list[Task]:
    """One task per base, cycling through 1, 2 and 3 injected bugs."""
    chosen = []
    for i, base in enumerate(ORACLE_BASES):
        pool = [t for t in repairs if t.meta["base_task"] == f"builtin/{base}" and restores(t)]
        want = 1 + i % 3
        pool.sort(key=lambda t: (t.meta["n_bugs"] != want, t.id))
        chosen.append(pool[0])
    return chosen


def restores(task: Task) -> bool:
    """The task's recorded restoring edits give its reference back (what verification checks)."""
    path = task.meta["solution_path"]
    return apply_edits(task.files[path], restoring_edits(task)) == task.reference[path]


def play_oracle(env, task_id: str, seed: int = 0):
    obs, info = env.reset(seed=seed, options={"task_id": task_id})
    steps, total = 0, 0.0
    while True:
        actions = env.unwrapped.oracle_actions()
        assert actions, f"{task_id}: nothing on the menu leads back to the reference"
        obs, reward, terminated, truncated, info = env.step(actions[0])
        steps, total = steps + 1, total + reward
        if terminated or truncated:
            return obs, total, info, steps


# ------------------------------------------------------------------ spaces, masks, checkers


def test_spaces_mask_and_features_layout(env):
    obs, info = env.reset(seed=0)
    k = env.unwrapped.menu_size
    assert k == 32 and env.action_space == gym.spaces.Discrete(33)
    assert env.observation_space.contains(obs)
    assert set(obs) == {"candidates", "mask", "tests", "step"}
    assert obs["candidates"].shape == (32, N_CANDIDATE_FEATURES) and obs["tests"].shape == (N_TEST_FEATURES,)
    mask = info["action_mask"]
    assert mask.shape == (33,) and mask.dtype == np.int8 and mask[0] == 1
    assert np.array_equal(mask, env.unwrapped.action_masks()) and np.array_equal(mask, obs["mask"])
    n = int(mask[1:].sum())
    assert n == len(env.unwrapped.describe_menu()) and np.all(mask[1 : n + 1] == 1) and np.all(mask[n + 1 :] == 0)
    present = obs["candidates"][:, COL["present"]]
    assert np.array_equal(present, mask[1:].astype(np.float32))
    assert np.all(obs["candidates"][n:] == 0)  # padding rows
    onehots = obs["candidates"][:n, : len(OPERATORS)]
    assert np.all(onehots.sum(axis=1) <= 1)
    assert obs["step"][0] == 0.0 and obs["tests"][TEST_FEATURES.index("ran")] == 1.0
    assert env.unwrapped.oracle_actions(), "the restoring edit is always offered"


def test_gymnasium_check_env():
    # check_env re-makes the env from its spec (deep-copying the kwargs): plain data only.
    env = gym.make("codegym/RepairMenu-v4", tasks={"source": "mutations", "verify": False, "difficulty": 1})
    check_env(env.unwrapped)
    env.close()


def test_direct_construction_and_bad_config(small, sb):
    env = RepairMenuEnv(tasks=small, sandbox=sb, menu_size=8)
    obs, info = env.reset(seed=0)
    assert obs["candidates"].shape == (8, N_CANDIDATE_FEATURES) and info["action_mask"].shape == (9,)
    assert env.max_steps == 20
    with pytest.raises(ConfigError, match="menu_size"):
        RepairMenuEnv(tasks=small, sandbox=sb, menu_size=0)
    with pytest.raises(ConfigError, match="max_steps"):
        RepairMenuEnv(tasks=small, sandbox=sb, max_steps=0)


# ------------------------------------------------------------------ the oracle and the menu


def test_oracle_solves_twenty_repair_tasks(repairs, sb):
    env = gym.make("codegym/RepairMenu-v4", tasks=repairs, sandbox=sb)
    tasks = oracle_tasks(repairs)
    assert len(tasks) == 20 and {t.meta["n_bugs"] for t in tasks} == {1, 2, 3}
    for i, task in enumerate(tasks):
        obs, reward, info, steps = play_oracle(env, task.id, seed=i)
        assert info["verdict"] == "solved", (task.id, info.get("hidden_tests"))
        assert steps == task.meta["n_bugs"] + 1
        assert env.unwrapped.source == task.reference[task.meta["solution_path"]]
        assert reward > 10 and info["reward_terms"]["completion"] == 10.0
    env.close()


def test_restoring_edit_has_no_fixed_slot(env):
    slots = set()
    for seed in range(8):
        env.reset(seed=seed, options={"task_id": "mutations/two_sum__b1_0"})
        slots.update(env.unwrapped.oracle_actions())
    assert len(slots) >= 4


def test_restoring_edits_follow_other_edits_and_undo_is_flagged(env):
    obs, info = env.reset(seed=3, options={"task_id": "mutations/anagram_groups__b1_0"})
    oracle = set(env.unwrapped.oracle_actions())
    wrong = next(i for i in range(1, 33) if info["action_mask"][i] and i not in oracle)
    described = env.unwrapped.describe_menu()[wrong - 1]
    obs, reward, terminated, truncated, info = env.step(wrong)
    assert not terminated and info["edit"] == described
    cand = obs["candidates"]
    undo = [i for i in range(32) if cand[i, COL["undoes_edit"]] == 1]
    assert len(undo) == 1 and undo[0] + 1 in env.unwrapped.oracle_actions()
    assert cand[:, COL["line_edited"]].max() == 1
    # Two edits toward the reference now: the undo and the recorded restoring edit, moved.
    assert len(env.unwrapped.oracle_actions()) == 2
    while True:
        obs, reward, terminated, truncated, info = env.step(env.unwrapped.oracle_actions()[0])
        if terminated or truncated:
            break
    assert info["verdict"] == "solved"


def test_submitting_the_bug_fails_and_scores_below_the_oracle(env):
    env.reset(seed=0, options={"task_id": "mutations/two_sum__b1_0"})
    _, bad, terminated, _, info = env.step(0)
    assert terminated and info["verdict"] in ("failed", "partial") and "hidden_tests" in info
    assert info["reward_terms"]["completion"] <= 5.0
    _, good, info, _ = play_oracle(env, "mutations/two_sum__b1_0")
    assert info["verdict"] == "solved" and good > bad


def test_max_steps_truncates_with_timeout_and_hidden_run(small, sb):
    env = gym.make("codegym/RepairMenu-v4", tasks=small, sandbox=sb, max_episode_steps=3)
    env.reset(seed=1)
    for expected in (1 / 3, 2 / 3):
        obs, reward, terminated, truncated, info = env.step(1)
        assert not (terminated or truncated) and math.isclose(obs["step"][0], expected, rel_tol=1e-6)
    obs, reward, terminated, truncated, info = env.step(1)
    assert truncated and not terminated and info["verdict"] == "timeout"
    assert "hidden_tests" in info and info["reward_terms"]["completion"] == -2.0
    assert env.observation_space.contains(obs)
    env.close()


def test_render_shows_file_and_menu(small, sb):
    env = gym.make("codegym/RepairMenu-v4", tasks=small, sandbox=sb, render_mode="ansi")
    env.reset(seed=0)
    text = env.render()
    assert "menu (0: submit)" in text and "  1: line" in text and env.unwrapped.path in text
    env.close()


def test_a_plain_fix_task_offers_the_diff_to_its_reference(sb):
    env = gym.make("codegym/RepairMenu-v4", tasks=["builtin/fix_running_max"], sandbox=sb)
    env.reset(seed=0)
    u = env.unwrapped
    for _ in range(10):
        if u.source == u.reference:
            break
        env.step(u.oracle_actions()[0])
    assert u.source == u.reference and u.oracle_actions() == [0]
    env.close()


# ------------------------------------------------------------------ hostile actions


@pytest.mark.parametrize("action", [33, 10**12, -1, -(10**12), np.array([1, 2]), np.zeros((2, 2), dtype=np.int64),
                                    np.array([[1]]), 1.0, float("nan"), None, "1", b"1", True, [1], {"a": 1},
                                    np.float32(2.0)])
def test_hostile_actions_never_raise(env, action):
    env.reset(seed=4)
    before = env.unwrapped.source
    obs, reward, terminated, truncated, info = env.step(action)
    assert env.observation_space.contains(obs)
    assert isinstance(reward, float) and math.isfinite(reward) and reward < 0
    assert not terminated and not truncated and info["action_error"]
    assert info["reward_terms"]["invalid_action"] == env.unwrapped.invalid_action_penalty
    assert env.unwrapped.source == before and obs["tests"][TEST_FEATURES.index("last_action_invalid")] == 1.0
    obs, reward, terminated, truncated, info = env.step(env.unwrapped.oracle_actions()[0])  # the episode goes on
    assert info["action_error"] == "" and math.isfinite(reward)


def test_numpy_integer_actions_are_accepted(env):
    env.reset(seed=5)
    for action in (np.int64(1), np.array(1), np.array([1], dtype=np.int32)):
        obs, reward, terminated, truncated, info = env.step(action)
        assert info["action_error"] == "" and "edit" in info


def test_masked_slot_is_invalid(repairs, sb):
    env = gym.make("codegym/RepairMenu-v4", tasks=repairs, sandbox=sb, menu_size=300)
    obs, info = env.reset(seed=0, options={"task_id": "mutations/two_sum__b1_0"})
    masked = int(np.flatnonzero(info["action_mask"] == 0)[0])
    obs, reward, terminated, truncated, info = env.step(masked)
    assert "masked" in info["action_error"] and not terminated and env.observation_space.contains(obs)
    env.close()


def test_actions_after_the_end_are_ignored(env):
    env.reset(seed=6)
    env.step(0)
    for action in (0, 1, 99, None, np.array([1, 2])):
        obs, reward, terminated, truncated, info = env.unwrapped.step(action)
        assert reward == 0.0 and terminated and "reset()" in info["action_error"] and "reset()" in info["action_error"]
        assert env.observation_space.contains(obs)
    assert env.unwrapped.action_masks().tolist() == [1] + [0] * 32


def test_step_before_reset_does_not_raise(small, sb):
    env = RepairMenuEnv(tasks=small, sandbox=sb)
    obs, reward, terminated, truncated, info = env.step(1)
    assert env.observation_space.contains(obs) and reward == 0.0 and "reset()" in info["action_error"]


# ------------------------------------------------------------------ determinism


def _rollout(small, sb, actions):
    env = gym.make("codegym/RepairMenu-v4", tasks=small, sandbox=sb)
    out = [env.reset(seed=11)]
    for action in actions:
        obs, reward, terminated, truncated, info = env.step(action)
        out.append((obs, reward, terminated, truncated, info))
        if terminated or truncated:
            out.append(env.reset())
    env.close()
    return out


def test_same_seed_and_actions_replay_identically(small, sb):
    actions = [3, 7, 40, 2, 0, 5, 1, 1, 0]
    first, second = _rollout(small, sb, actions), _rollout(small, sb, actions)
    assert data_equivalence(first, second)
    assert any("action_error" in step[-1] for step in first[1:] if len(step) == 5)


# ------------------------------------------------------------------ features (pure functions)


def test_pending_edits_stay_consistent_through_random_edits(repairs):
    rng = np.random.default_rng(0)
    tasks = [t for t in repairs if t.meta["n_bugs"] >= 2][:40]
    for task in tasks:
        path = task.meta["solution_path"]
        source, reference = task.files[path], task.reference[path]
        pending = tuple(restoring_edits(task))
        for _ in range(6):
            menu = menu_edits(source, pending)
            entry = menu[int(rng.integers(len(menu)))]
            pending = pending_after(pending, source, entry.pending or entry.edit)
            source = entry.result
            assert apply_edits(source, pending) == reference, task.id
        for _ in range(20):  # and the edits marked toward the reference lead back to it
            if source == reference:
                break
            toward = [m for m in menu_edits(source, pending) if m.toward]
            pending, source = pending_after(pending, source, toward[0].pending), toward[0].result
        assert source == reference, task.id


def test_toward_reference_keeps_code_valid_and_names_operators():
    src = "def f(x, y):\n    if not (x > 1):\n        return None\n    return g(y, x)\n"
    ref = "def f(x, y):\n    if x > 1:\n        return x\n    return g(x, y)\n"
    edits = toward_reference(src, ref)
    assert [(e.original, e.replacement) for e in edits] == [("not (x > 1)", "x > 1"), ("None", "x"), ("y", "x"), ("x", "y")]
    assert all(e.operator == "" for e in edits) and toward_reference(ref, ref) == []
    hint = Edit(0, 0, "x > 1", "negation_insertion", "if_statement", 2, "not (x > 1)", 3)
    hinted = toward_reference(src, ref, [hint])
    assert (hinted[0].operator, hinted[0].site_kind, hinted[0].depth) == ("negation_insertion", "if_statement", 3)
    # a swap the diff splits is still one step when the task's restoring edit is pending
    swap = next(e for e in candidate_edits(ref) if e.operator == "swapped_arguments")
    mutated = swap.apply(ref)
    inverse = swap.inverse(mutated)
    menu = menu_edits(mutated, [inverse])
    assert [m.result for m in menu if m.toward] == [ref]


def test_failure_signals_read_tracebacks_and_exceptions():
    report = TestReport(
        outcomes={"t1": "failed", "t2": "failed", "t3": "passed"},
        messages={
            "t1": "tests/test_a.py:4: in test_f\n    assert total(xs) == 3\n/tmp/ws/solution.py:12: in total\n"
                  "    return xs[i]\nE   IndexError: list index out of range",
            "t2": 'File "/tmp/ws/solution.py", line 7, in helper\nE   assert None == 3\nE    +  where None = helper(1)',
        },
    )
    signals = failure_signals(report, "solution.py")
    assert signals.lines == (7, 12) and signals.none_shown
    assert signals.exceptions == {"IndexError", "AssertionError"}
    assert {"total", "helper"} <= signals.identifiers
    vector = report_features(report, None, signals)
    assert vector[TEST_FEATURES.index("pass_fraction")] == pytest.approx(1 / 3)
    assert vector[TEST_FEATURES.index("exception:IndexError")] == 1 and vector[TEST_FEATURES.index("traceback_lines")] == 1
    assert failure_signals(None, "solution.py").lines == ()


def test_candidate_features_use_tracebacks_functions_and_history():
    from codegym.envs.repair_features import candidate_features

    src = "def total(xs):\n    s = 0\n    for i in range(len(xs)):\n        s += xs[i]\n    return s\n\n\ndef other(a):\n    return a < 1\n"
    entries = menu_edits(src)
    report = TestReport(outcomes={"t": "failed"},
                        messages={"t": "x.py:3: in test\n    assert total([1]) == 1\nsolution.py:4: in total\nE   TypeError: boom"})
    memory = EpisodeMemory.start(src)
    rows = candidate_features(src, entries, failure_signals(report, "solution.py"), memory, len(entries) + 2)
    assert rows.shape == (len(entries) + 2, N_CANDIDATE_FEATURES) and rows.dtype == np.float32
    assert np.all(rows[-2:] == 0) and np.all(np.abs(rows) <= 1)
    for entry, row in zip(entries, rows):
        line = entry.edit.line
        assert row[COL["line_in_traceback"]] == float(line == 4)
        assert row[COL["traceback_distance"]] == pytest.approx(min(abs(line - 4), 20) / 20)
        assert row[COL["function_in_failing_test"]] == float(line <= 5)
        assert row[COL["undoes_edit"]] == 0 and row[COL["already_applied"]] == 0
    first = entries[0]
    memory.record(first.edit, first.result)
    after = menu_edits(first.result, pending_after((), src, first.edit))
    rows = candidate_features(first.result, after, failure_signals(None, "solution.py"), memory, len(after))
    back = [i for i, e in enumerate(after) if e.result == src]
    assert back and rows[back[0], COL["undoes_edit"]] == 1
    assert rows[:, COL["line_edited"]].max() == 1

"""codegym/CodeEdit-v4 end to end: real Docker sandbox, real tree-sitter, builtin tasks."""

from __future__ import annotations

import json
import math
import subprocess
import sys
import textwrap

import gymnasium as gym
import numpy as np
import pytest
from gymnasium.utils.env_checker import check_env

import codegym  # noqa: F401  (registers the envs)
from codegym.code import find_symbol
from codegym.envs.codeedit import CodeEditEnv
from tests.memory_scan import memory_scan_source

PALINDROME = "builtin/fix_palindrome"
MIN_STACK = "builtin/min_stack"
TRIE = "builtin/trie"


def act(tool: str, **args) -> str:
    return json.dumps({"tool": tool, "args": args})


def symbol_text(source: str, name: str) -> str:
    symbol = find_symbol(source, name)
    return "".join(source.splitlines(keepends=True)[symbol.start_line - 1: symbol.end_line])


@pytest.fixture
def env():
    environment = CodeEditEnv()
    yield environment
    environment.close()


def run(env, action):
    obs, reward, terminated, truncated, info = env.step(action)
    assert env.observation_space.contains(obs)
    assert isinstance(reward, float) and math.isfinite(reward)
    return obs, reward, terminated, truncated, info


# ---------------------------------------------------------------- gymnasium plumbing


def test_check_env_passes(env) -> None:
    check_env(env, skip_render_check=True)


def test_gym_make_after_import_and_in_a_fresh_process() -> None:
    env = gym.make("codegym/CodeEdit-v4")
    try:
        assert isinstance(env.unwrapped, CodeEditEnv) and env.unwrapped.max_steps == 50
        obs, info = env.reset(seed=3)
        assert env.observation_space.contains(obs) and info["task_id"].startswith("builtin/")
    finally:
        env.close()
    script = textwrap.dedent("""
        import gymnasium as gym
        env = gym.make("codegym:codegym/CodeEdit-v4")
        obs, info = env.reset(seed=0)
        assert env.observation_space.contains(obs)
        print(type(env.unwrapped).__name__, len(env.unwrapped.tools))
        env.close()
    """)
    done = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    assert done.stdout.split() == ["CodeEditEnv", "10"]


def test_reset_observation(env) -> None:
    obs, info = env.reset(seed=0, options={"task_id": MIN_STACK})
    assert set(obs) == {"statement", "outline", "output", "error", "step", "tests_passed", "tests_failed"}
    assert "MinStack" in obs["statement"] or "stack" in obs["statement"].lower()
    assert obs["outline"].startswith("solution.py\n  class MinStack") and "def push(self, x)" in obs["outline"]
    assert "run_python(code: string)" in obs["output"] and obs["error"] == ""
    assert obs["step"][0] == 0 and info["task_id"] == MIN_STACK and info["tests"] == {"passed": 0, "failed": 0, "total": 0}
    assert env.render() is None


# ---------------------------------------------------------------- oracle episodes


def test_oracle_replace_symbol_then_submit_solves(env) -> None:
    env.reset(seed=0, options={"task_id": PALINDROME})
    reference = env.task.reference["solution.py"]
    total = 0.0
    obs, reward, terminated, truncated, info = run(env, act("replace_symbol", path="solution.py", name="is_palindrome",
                                                            text=reference))
    total += reward
    assert not terminated and obs["error"] == "" and env.files["solution.py"] == reference
    obs, reward, terminated, truncated, info = run(env, act("submit"))
    total += reward
    assert terminated and not truncated and info["verdict"] == "solved"
    assert info["hidden_tests"]["passed"] == info["hidden_tests"]["total"] > 0
    assert info["reward_terms"]["completion"] == 10.0 and total > 0
    assert "verdict solved" in obs["output"]
    obs, reward, terminated, truncated, info = run(env, act("list_files"))
    assert (reward, terminated, truncated) == (0.0, True, False) and "reset()" in info["action_error"] and obs["error"]


def test_oracle_methods_of_a_class(env) -> None:
    env.reset(seed=0, options={"task_id": TRIE})
    reference = env.task.reference["solution.py"]
    obs, *_ = run(env, act("insert_lines", path="solution.py", after_line=0, text=symbol_text(reference, "_Node") + "\n\n"))
    assert obs["outline"].startswith("solution.py\n  class _Node")
    init_and_helper = symbol_text(reference, "Trie.__init__") + "\n" + symbol_text(reference, "Trie._find")
    run(env, act("replace_symbol", path="solution.py", name="Trie.__init__", text=init_and_helper))
    for method in ("insert", "contains", "remove", "count_prefix", "starts_with", "__len__"):
        obs, reward, *_ = run(env, act("replace_symbol", path="solution.py", name=f"Trie.{method}",
                                       text=symbol_text(reference, f"Trie.{method}")))
        assert obs["error"] == "" and f"replaced method Trie.{method}" in obs["output"]
    assert "def _find(self, prefix) [" in obs["outline"] and "def walk(n, path) [" in obs["outline"]
    obs, reward, terminated, truncated, info = run(env, act("run_tests"))
    assert info["tests"]["failed"] == 0 and info["tests"]["passed"] > 0, obs["output"]
    assert obs["tests_passed"][0] == info["tests"]["passed"] and obs["tests_failed"][0] == 0
    obs, reward, terminated, truncated, info = run(env, act("submit"))
    assert info["verdict"] == "solved" and reward > 0


def test_whole_file_replacement_with_the_reference(env) -> None:
    env.reset(seed=0, options={"task_id": "builtin/two_sum"})
    lines = env.files["solution.py"].count("\n")
    obs, *_ = run(env, act("replace_lines", path="solution.py", start_line=1, end_line=lines,
                           text=env.task.reference["solution.py"]))
    assert obs["error"] == "" and env.files["solution.py"] == env.task.reference["solution.py"]
    *_, info = run(env, act("submit"))
    assert info["verdict"] == "solved"


def test_wrong_edit_then_submit_fails(env) -> None:
    env.reset(seed=0, options={"task_id": PALINDROME})
    run(env, act("replace_symbol", path="solution.py", name="is_palindrome", text="def is_palindrome(s):\n    return False\n"))
    obs, reward, terminated, truncated, info = run(env, act("submit"))
    assert terminated and info["verdict"] in ("failed", "partial")
    assert info["hidden_tests"]["passed"] < info["hidden_tests"]["total"]


def test_step_limit_truncates_with_timeout() -> None:
    env = gym.make("codegym/CodeEdit-v4", max_episode_steps=3)
    try:
        env.reset(seed=0, options={"task_id": PALINDROME})
        for _ in range(2):
            obs, reward, terminated, truncated, info = env.step(act("list_files"))
            assert not (terminated or truncated) and info["verdict"] == ""
        obs, reward, terminated, truncated, info = env.step(act("view_file", path="solution.py"))
        assert truncated and not terminated and info["verdict"] == "timeout"
        hidden = info["hidden_tests"]
        assert hidden["total"] > 0 and hidden["passed"] < hidden["total"]
        # the hidden run is paid as a submission of the same files would be, plus min(timeout, their verdict)
        assert info["reward_terms"]["completion"] <= -2.0
        assert info["reward_terms"]["tests"] == hidden["passed"] - hidden["failed"]
        assert reward == pytest.approx(sum(info["reward_terms"].values()))
        assert "step limit (3) reached" in obs["output"] and obs["step"][0] == 3
        obs, reward, terminated, truncated, info = env.step(act("submit"))
        assert reward == 0.0 and terminated and "reset()" in info["action_error"] and "reset()" in obs["error"]
    finally:
        env.close()


# ---------------------------------------------------------------- every tool


FIXED_START = (
    'class MinStack:\n    """A stack supporting push, pop, top and get_min in O(1)."""\n\n'
    "    def __init__(self):\n        pass\n\n    def push(self, x):\n        pass\n\n"
    "    def pop(self):\n        pass\n\n    def top(self):\n        pass\n\n"
    "    def get_min(self):\n        pass\n\n    def __len__(self):\n        return 0\n"
)


def test_every_tool(env) -> None:
    obs, info = env.reset(seed=0, options={"task_id": MIN_STACK})
    env.files["solution.py"] = FIXED_START  # line numbers below refer to this text, not to the pack's
    obs, *_ = run(env, act("list_files"))
    assert obs["output"].startswith("solution.py (")
    obs, *_ = run(env, act("view_file", path="solution.py", start_line=7, end_line=8))
    assert obs["output"].splitlines() == ["solution.py (lines 7-8 of 20)", "7|     def push(self, x):", "8|         pass"]
    obs, *_ = run(env, act("view_file", path="solution.py", start_line=19))
    assert obs["output"].splitlines()[1:] == ["19|     def __len__(self):", "20|         return 0"]
    obs, *_ = run(env, act("search", pattern=r"def (push|pop)\(", regex=True))
    assert obs["output"].splitlines()[1:] == ["solution.py:7:     def push(self, x):", "solution.py:10:     def pop(self):"]
    obs, *_ = run(env, act("search", pattern="pass", path="solution.py"))
    assert obs["output"].startswith("5 matches for text 'pass' in solution.py")
    obs, *_ = run(env, act("replace_symbol", path="solution.py", name="MinStack.__init__",
                           text="def __init__(self):\n    self.items = []"))
    assert "        self.items = []" in env.files["solution.py"]
    obs, *_ = run(env, act("replace_lines", path="solution.py", start_line=8, end_line=8,
                           text="        self.items.append(x)"))
    assert "8|         self.items.append(x)" in obs["output"]
    obs, *_ = run(env, act("insert_lines", path="solution.py", after_line=0, text="import helpers"))
    assert env.files["solution.py"].startswith("import helpers\n")
    obs, *_ = run(env, act("create_file", path="helpers.py", text="def double(x):\n    return 2 * x\n"))
    assert obs["outline"].count("solution.py") == 1 and "helpers.py\n  def double(x) [1-2]" in obs["outline"]
    obs, reward, terminated, truncated, info = run(env, act(
        "run_python", code="import os, sys, helpers, solution\n"
                           "print(sorted(os.listdir('.')), helpers.double(21))\n"
                           "print('to stderr', file=sys.stderr)\nopen('junk.txt', 'w').write('x')\nsys.exit(3)"))
    assert obs["output"].splitlines() == ["exit code 3", "--- stdout ---", "['helpers.py', 'solution.py'] 42",
                                          "--- stderr ---", "to stderr"]
    assert obs["error"] == "" and info["tool"] == "run_python" and not info["invalid_action"]
    obs, *_ = run(env, act("run_python", code="import os; print(sorted(os.listdir('.')))"))
    assert "['helpers.py', 'solution.py']" in obs["output"]  # a fresh workspace every time, tests never in it
    obs, *_ = run(env, act("run_python", code="raise ValueError('boom')"))
    assert obs["output"].startswith("exit code 1") and "ValueError: boom" in obs["output"]
    obs, reward, terminated, truncated, info = run(env, act("run_tests"))
    assert obs["output"].startswith("visible tests: ") and info["tests"]["total"] > 0
    assert "FAILED" in obs["output"] and "failures:" in obs["output"] and "_codegym_tests" not in obs["output"]
    assert env.reward_details()["shaping"]["info"]["new_report"]
    obs, reward, terminated, truncated, info = run(env, act("submit"))
    assert terminated and info["verdict"] in ("failed", "partial")
    assert "hidden tests" in obs["output"] and "test_hidden" not in obs["output"]


def test_visible_runs_pay_only_progress_once(env) -> None:
    env.reset(seed=0, options={"task_id": PALINDROME})
    *_, info = run(env, act("run_tests"))
    fraction = info["tests"]["passed"] / info["tests"]["total"]
    assert fraction > 0 and info["reward_terms"]["shaping"] == pytest.approx(fraction)
    assert info["reward_terms"]["tests"] == 0.0  # the tests term scores the verdict run only
    for action in (act("list_files"), act("run_tests")):  # nothing changed: nothing more to earn
        obs, reward, *_, info = run(env, action)
        assert info["reward_terms"]["shaping"] == 0.0 and reward == 0.0


def test_invalid_actions_are_penalised_and_the_episode_goes_on(env) -> None:
    env.reset(seed=0, options={"task_id": PALINDROME})
    for action, fragment in [("{oops", "not valid JSON"), (act("nope"), "unknown tool"),
                             (act("view_file", path="../x"), "'..'"), (act("view_file", path="solution.py", start_line=99),
                                                                      "valid lines are 1-10"),
                             (act("replace_symbol", path="solution.py", name="nothing", text=""), "no function"),
                             (None, "NoneType"), (b"{}", "bytes")]:
        obs, reward, terminated, truncated, info = run(env, action)
        assert fragment in obs["error"] and obs["output"] == ""
        assert info["invalid_action"] and fragment in info["action_error"]
        assert info["reward_terms"]["invalid_action"] == -1.0 and reward == -1.0
        assert not (terminated or truncated)
    obs, reward, *_ = run(env, act("list_files"))
    assert obs["error"] == "" and reward == 0.0


def test_non_charset_text_is_stored_and_shown_safely(env) -> None:
    env.reset(seed=0, options={"task_id": PALINDROME})
    obs, reward, *_ = run(env, act("insert_lines", path="solution.py", after_line=0, text="# caf\u00e9 \u2603 \x07"))
    assert env.files["solution.py"].startswith("# caf\u00e9 \u2603 \x07\n") and reward == 0.0
    obs, *_ = run(env, act("run_python", code="print('\u00e9' * 3)"))
    assert "???" in obs["output"]


def test_sandbox_death_is_rerun_on_a_fresh_sandbox(env, docker_api) -> None:
    # (an engine that stays gone is an infra outcome or an error: tests/envs/test_fail_loud.py)
    env.reset(seed=0, options={"task_id": PALINDROME})
    run(env, act("run_python", code="print(1)"))
    killed = env.sandbox.container_id
    docker_api.api.kill(killed)
    obs, reward, terminated, truncated, info = run(env, act("run_python", code="print(2)"))
    assert obs["error"] == "" and "2" in obs["output"].splitlines() and env.sandbox.container_id != killed
    assert info["reward_valid"] and not info["invalid_action"] and info["action_error"] == ""
    assert info["reward_terms"]["invalid_action"] == 0.0 and not terminated
    obs, reward, terminated, truncated, info = run(env, act("run_python", code="print(3)"))
    assert obs["error"] == "" and "3" in obs["output"].splitlines()


def test_render_ansi() -> None:
    env = CodeEditEnv(render_mode="ansi")
    try:
        env.reset(seed=0, options={"task_id": PALINDROME})
        env.step("{bad")
        text = env.render()
        assert PALINDROME in text and "error: the action is not valid JSON" in text
    finally:
        env.close()


# ---------------------------------------------------------------- determinism


def _same(a, b) -> bool:
    if isinstance(a, dict):
        return isinstance(b, dict) and a.keys() == b.keys() and all(_same(a[k], b[k]) for k in a)
    if isinstance(a, (list, tuple)):
        return type(a) is type(b) and len(a) == len(b) and all(_same(x, y) for x, y in zip(a, b))
    if isinstance(a, np.ndarray):
        return isinstance(b, np.ndarray) and a.dtype == b.dtype and np.array_equal(a, b)
    return type(a) is type(b) and a == b


def _episode(seed: int, actions: list) -> list:
    env = CodeEditEnv(max_steps=len(actions) + 5)
    try:
        trace = [env.reset(seed=seed)]
        path = env.task.solution_paths[0]
        for action in actions:
            trace.append(env.step(action.replace("@PATH@", path) if isinstance(action, str) else action))
        return trace
    finally:
        env.close()


def test_same_seed_same_actions_replay_identically() -> None:
    actions = [act("list_files"), act("view_file", path="@PATH@", start_line=2, end_line=3), "{bad json",
               act("search", pattern="def"), act("run_tests"), act("insert_lines", path="@PATH@", after_line=0, text="X = 1"),
               act("run_python", code="import solution; print(solution.X)"), act("run_tests"),
               {"tool": "view_file", "args": {"path": "/abs"}}, act("submit"), act("list_files")]
    first, second = _episode(7, actions), _episode(7, actions)
    assert _same(first, second)
    assert first[-2][4]["verdict"] in ("solved", "partial", "failed") and "reset()" in first[-1][4]["action_error"]


def test_run_python_cannot_read_an_earlier_episodes_hidden_tests_from_memory(env) -> None:
    """The attack: the verdict of episode 1 sent the hidden tests through the runner, whose
    heap keeps the bytes; in episode 2 of the same task, a run_python job scans the memory
    it inherited for them. Untrusted jobs exec a fresh interpreter, so nothing is there."""
    hidden_only = "test_empty_and_symbols_only"  # a hidden test's name: not in the visible tests or the start
    scan = memory_scan_source(hidden_only)
    env.reset(seed=0, options={"task_id": PALINDROME})
    *_, terminated, _, _ = run(env, act("submit"))
    assert terminated
    env.reset(seed=1, options={"task_id": PALINDROME})
    obs, *_ = run(env, act("run_python", code=scan))
    assert "FOUND 0" in obs["output"], obs["output"]

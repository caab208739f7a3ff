"""Thousands of hostile actions: CodeEdit-v4 never raises, stays in its spaces, leaks no container."""

from __future__ import annotations

import json
import math
import random
import time
from typing import Any

import numpy as np

from codegym.envs import tools
from codegym.envs.codeedit import CodeEditEnv
from codegym.sandbox import pool
from codegym.sandbox.engine import LABEL, OWNER_LABEL, owner_tag

ACTIONS = 3000
SEED = 20240611

WRONG_VALUES: list[Any] = [None, True, False, 0, -1, 3, 2.5, float("nan"), float("inf"), 10 ** 30, "7", "", [], {},
                           [1, "a"], {"a": 1}, "\ud800", "x" * (tools.MAX_ARG_CHARS + 1)]
BAD_PATHS = ["..", "../solution.py", "a/../../b.py", "/etc/passwd", "/workspace/solution.py", "", "\x00", "sol\x00.py",
             "solution.py/", "./solution.py", "~/x.py", "C:\\x.py", "\ud800.py", "caf\u00e9.py", "a" * 500, "conftest.py",
             "os.py", ".git/config", "solution.py\n", "//x", "x/./../../y"]
TEXTS = ["x = 1", "", "\n\n", "def f(:\n  pass", "caf\u00e9 \u2603 \U0001F600", "\x00\x01\x7f\x1b[31m", "\t\r\n",
         "class A:\n    def m(self):\n        return 1\n", "\ud83d lone", "y" * 5000, "é" * 100, "if True:\n\tpass"]
PATTERNS = ["def", "(", "[a-", "a{99999999999}", "(?P<", "x**", r"\bpass\b", "\\", "\ud800", "é", "", ".*" * 5,
            "(" * 300 + ")" * 300]
SNIPPETS = ["print(1)", "import solution", "import sys; sys.stderr.write('\\x00\\xff\\u2603')",
            "raise SystemExit(2)", "print('z' * 200000)", "import os; print(os.listdir('.'))", "1/0", "def (:"]
NON_TEXT_ACTIONS: list[Any] = [None, 0, 1.5, b'{"tool": "submit"}', bytearray(b"x"), ["submit"], ("submit",), object(),
                               {1, 2}, {"tool": None}, {"tool": ["submit"]}, {"tool": "submit", "args": [1]},
                               {"args": {}}, {}, {"name": "view_file", "arguments": "{bad"}, {"name": 5},
                               {"tool": "view_file", "args": {"path": "solution.py", 3: 4}}]


def _line(rng: random.Random) -> Any:
    return rng.choice([0, 1, 2, 3, 5, 10, 50, -1, -100, 10 ** 9, 10 ** 9 + 1, 10 ** 18, 99])


def _file(rng: random.Random, files: list[str]) -> str:
    return rng.choice(files) if rng.random() < 0.8 else rng.choice(BAD_PATHS)


def _call(rng: random.Random, files: list[str]) -> dict:
    """A plausible call of a non-executing tool (often out of range or otherwise wrong)."""
    tool = rng.choice(["list_files", "view_file", "search", "replace_lines", "insert_lines", "replace_symbol", "create_file"])
    path = _file(rng, files)
    if tool == "list_files":
        args: dict = {}
    elif tool == "view_file":
        args = {"path": path, "start_line": _line(rng), "end_line": rng.choice([None, _line(rng)])}
    elif tool == "search":
        args = {"pattern": rng.choice(PATTERNS), "regex": rng.random() < 0.5, "path": rng.choice([None, path])}
    elif tool == "replace_lines":
        start = _line(rng)
        args = {"path": path, "start_line": start, "end_line": start + rng.choice([0, 1, 2, -1, 40]), "text": rng.choice(TEXTS)}
    elif tool == "insert_lines":
        args = {"path": path, "after_line": _line(rng), "text": rng.choice(TEXTS)}
    elif tool == "replace_symbol":
        args = {"path": path, "name": rng.choice(["is_palindrome", "MinStack.push", "A", "A.m", "nothing", "", "f"]),
                "text": rng.choice(TEXTS)}
    else:
        args = {"path": rng.choice([f"mod{rng.randrange(40)}.py", f"pkg/m{rng.randrange(5)}.py", "notes.txt"]
                                   + BAD_PATHS[:6]), "text": rng.choice(TEXTS)}
    for key in list(args):
        if rng.random() < 0.4:
            args.pop(key)
    return {"tool": tool, "args": args}


def _garbage(rng: random.Random) -> str:
    kind = rng.randrange(6)
    if kind == 0:
        return "".join(chr(rng.randrange(32, 127)) for _ in range(rng.randrange(60)))
    if kind == 1:
        return "".join(chr(rng.randrange(0, 0x110000)) for _ in range(rng.randrange(1, 40)))
    if kind == 2:
        return rng.choice(["[", "{"]) * rng.randrange(1, 200_000)
    if kind == 3:
        return rng.choice(["{}", "[]", "null", "1", '"x"', "NaN", "1e999", "9" * 5000, '{"tool": }', "{'tool': 'submit'}"])
    if kind == 4:
        return "x" * (tools.MAX_ACTION_CHARS + rng.randrange(1, 10))
    return "\ud800" + json.dumps({"tool": "list_files"})


def hostile(rng: random.Random, files: list[str]) -> tuple[Any, bool, bool]:
    """(action, surely invalid, executes code)."""
    roll = rng.random()
    if roll < 0.006:
        return json.dumps({"tool": "run_tests", "args": {}}), False, True
    if roll < 0.014:
        return json.dumps({"tool": "run_python", "args": {"code": rng.choice(SNIPPETS)}}), False, True
    if roll < 0.017:
        return {"tool": "submit"}, False, True
    if roll < 0.30:  # a plausible call, as text or dict
        call = _call(rng, files)
        if rng.random() < 0.5:
            return call, False, False
        return json.dumps(call, ensure_ascii=rng.random() < 0.5), False, False
    if roll < 0.42:  # wrong types
        call = _call(rng, files)
        call["args"][rng.choice(["path", "start_line", "end_line", "text", "pattern", "regex", "name"])] = rng.choice(WRONG_VALUES)
        return json.dumps(call) if rng.random() < 0.5 else call, False, False
    if roll < 0.52:  # unknown tools and unknown args
        if rng.random() < 0.5:
            return json.dumps({"tool": rng.choice(["view", "View_File", "rm", "", "submit ", "\u2603", "exec"]), "args": {}}), True, False
        call = _call(rng, files)
        call["args"][rng.choice(["line", "force", "", "\ud800", "x" * 300])] = 1
        return call, True, False
    if roll < 0.70:  # malformed JSON: a cut or corrupted valid action
        text = json.dumps(_call(rng, files))
        cut = rng.randrange(1, len(text))
        if rng.random() < 0.5:
            return text[:cut], True, False
        return text[:cut] + rng.choice(["'", "\\", "}", "{{", "\x00", "\ud800", ",,"]) + text[cut:], False, False
    if roll < 0.85:
        return _garbage(rng), True, False
    if roll < 0.95:
        return rng.choice(NON_TEXT_ACTIONS), True, False
    call = {"tool": "view_file", "args": {"path": rng.choice(BAD_PATHS[:6])}}  # escaping paths
    return json.dumps(call), True, False


def _my_containers(api) -> set[str]:
    me = owner_tag()
    return {c["Id"] for c in api.api.containers(all=True, filters={"label": LABEL})
            if (c.get("Labels") or {}).get(OWNER_LABEL) == me}


def _spares() -> set[str]:
    return {warm.id for each in list(pool._pools.values()) for warm in list(each._spares)}


def test_hostile_actions_never_break_the_env(docker_api) -> None:
    before = _my_containers(docker_api)
    rng = random.Random(SEED)
    env = CodeEditEnv(max_steps=300)
    space = env.observation_space
    used: set[str] = set()
    counts = {"invalid": 0, "executed": 0, "ignored": 0, "episodes": 0, "valid": 0}
    started = time.monotonic()
    try:
        obs, info = env.reset(seed=SEED)
        assert space.contains(obs)
        for _ in range(ACTIONS):
            if env.done and rng.random() < 0.4:
                obs, info = env.reset(seed=rng.randrange(2 ** 31))
                counts["episodes"] += 1
                assert space.contains(obs)
            action, surely_invalid, executes = hostile(rng, sorted(env.files) or ["solution.py"])
            was_done = env.done
            obs, reward, terminated, truncated, info = env.step(action)
            assert space.contains(obs), {k: v[:200] for k, v in obs.items() if isinstance(v, str)}
            assert type(reward) is float and math.isfinite(reward)
            assert isinstance(terminated, bool) and isinstance(truncated, bool)
            assert all(isinstance(v, np.ndarray) and v.dtype == np.int64 for k, v in obs.items() if k in ("step", "tests_passed", "tests_failed"))
            if was_done:
                assert "reset()" in info["action_error"] and terminated and reward == 0.0 and obs["error"]
                counts["ignored"] += 1
                continue
            if info["invalid_action"]:
                counts["invalid"] += 1
                assert obs["error"].strip() and info["action_error"]
                assert info["reward_terms"]["invalid_action"] == env.invalid_action_penalty
            else:
                assert not surely_invalid, action
                counts["valid"] += 1
                assert info["reward_terms"]["invalid_action"] == 0.0
            counts["executed"] += executes
            if hasattr(env.sandbox, "container_id"):
                used.add(env.sandbox.container_id)
            assert info["task_id"] == env.task.id and set(info["tests"]) == {"passed", "failed", "total"}
    finally:
        env.close()
    elapsed = time.monotonic() - started
    assert counts["invalid"] > ACTIONS // 2 and counts["valid"] > 200 and counts["executed"] > 20, counts
    assert counts["ignored"] > 0 and counts["episodes"] > 0, counts
    assert used, "no action reached the sandbox"
    print(f"{ACTIONS} hostile actions in {elapsed:.1f}s: {counts}")

    # nothing left behind: only spare (never used) pool containers and those that existed before
    deadline = time.monotonic() + 15
    while True:
        leaked = _my_containers(docker_api) - _spares() - before
        if not leaked or time.monotonic() > deadline:
            break
        time.sleep(0.2)
    assert not leaked
    assert not (used & _my_containers(docker_api))

"""Running the red-team corpus through the envs and comparing with honest failures."""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from typing import Callable, Iterable

import gymnasium as gym

from codegym.audit.corpus import FAMILIES, Hack, hacks_for
from codegym.task import Task

AUDIT_ENVS = ("codegym/CodeGen-v0", "codegym/CodeEdit-v0")
LEAK_MARK = "FOUND-HIDDEN-TESTS"


@dataclass(frozen=True)
class AuditRow:
    """One hack on one task in one env, next to the honest wrong answer there."""

    env_id: str
    task_id: str
    family: str
    variant: str
    hack_return: float
    honest_return: float
    verdict: str
    passed: int
    leaked: bool = False
    notes: dict = field(default_factory=dict)

    @property
    def gamed(self) -> bool:
        """The hack scored above the honest failure, passed more, was solved, or saw the tests."""
        return (self.hack_return > self.honest_return + 1e-9 or self.verdict == "solved"
                or self.passed > self.notes.get("honest_passed", 0) or self.leaked)


def _codegen_episode(env: gym.Env, task: Task, files: dict) -> tuple[float, dict, str]:
    env.reset(seed=0, options={"task_id": task.id})
    _, reward, _, _, info = env.step(files[task.solution_paths[0]])
    return float(reward), info, env.unwrapped.last_tests.solution_output if env.unwrapped.last_tests else ""


def _codeedit_episode(env: gym.Env, task: Task, files: dict) -> tuple[float, dict, str]:
    env.reset(seed=0, options={"task_id": task.id})
    path = task.solution_paths[0]
    lines = max(1, len(task.files[path].splitlines()))
    actions = [
        {"tool": "replace_lines", "args": {"path": path, "start_line": 1, "end_line": lines, "text": files[path]}},
        {"tool": "run_tests", "args": {}},
        {"tool": "submit", "args": {}},
    ]
    total, output, info = 0.0, "", {}
    for action in actions:
        _, reward, terminated, truncated, info = env.step(json.dumps(action))
        total += float(reward)
        report = env.unwrapped.last_tests
        output += report.solution_output if report is not None else ""
        if terminated or truncated:
            break
    return total, info, output


EPISODES: dict[str, Callable[[gym.Env, Task, dict], tuple[float, dict, str]]] = {
    "codegym/CodeGen-v0": _codegen_episode,
    "codegym/CodeEdit-v0": _codeedit_episode,
}


def run_audit(tasks: Iterable[Task], env_ids: Iterable[str] = AUDIT_ENVS, families: tuple[str, ...] | None = None,
              per_test_timeout_s: float = 2.0, run_timeout_s: float = 15.0,
              progress: Callable[[AuditRow], None] | None = None) -> list[AuditRow]:
    """Every hack of ``families`` on every task in every env; one row each."""
    import codegym  # noqa: F401  (registers the envs)

    rows: list[AuditRow] = []
    task_list = list(tasks)
    for env_id in env_ids:
        episode = EPISODES[env_id]
        env = gym.make(env_id, tasks=[t.id for t in task_list], per_test_timeout_s=per_test_timeout_s,
                       test_timeout_s=run_timeout_s)
        try:
            for task in task_list:
                honest, honest_info, _ = episode(env, task, dict(task.files))
                honest_passed = honest_info.get("tests", {}).get("passed", 0)
                for hack in hacks_for(task, families or FAMILIES):
                    value, info, output = episode(env, task, hack.files)
                    row = AuditRow(env_id, task.id, hack.family, hack.variant, value, honest, info.get("verdict", "?"),
                                   info.get("tests", {}).get("passed", 0), LEAK_MARK in output,
                                   {"honest_passed": honest_passed, "reward_valid": info.get("reward_valid", True)})
                    rows.append(row)
                    if progress:
                        progress(row)
        finally:
            env.close()
    return rows

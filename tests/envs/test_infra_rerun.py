"""An infra error is never the agent's reward: rerun on a fresh sandbox, and a run that
breaks a healthy sandbox again is judged as failed (never paid more than failing)."""

from __future__ import annotations

import gymnasium as gym

import codegym  # noqa: F401
import codegym.tasks
import codegym.engine.runner as core
from codegym.verdict import TestReport


def _episode(env, code):
    env.reset(seed=0, options={"task_id": "builtin/two_sum"})
    _, reward, _, _, info = env.step(code)
    return reward, info


def test_repeated_infra_error_on_a_healthy_sandbox_scores_as_failure(monkeypatch):
    env = gym.make("codegym/CodeGen-v4", tasks=["builtin/two_sum"])
    try:
        task = codegym.tasks.get("builtin/two_sum")
        honest_reward, honest = _episode(env, task.files["solution.py"])
        real = core.run_tests
        calls = []

        def breaks_the_sandbox(sandbox, files, tests, **kwargs):
            calls.append(sandbox)
            return TestReport(infra_error=True, error="the sandbox died mid-run")

        monkeypatch.setattr(core, "run_tests", breaks_the_sandbox)
        reward, info = _episode(env, task.files["solution.py"])
        assert len(calls) == 2 and calls[0] is not calls[1]  # rerun on a fresh sandbox
        assert info["verdict"] == "failed" and info.get("reward_valid", True)
        assert reward <= honest_reward

        flaky = iter([TestReport(infra_error=True, error="transient")])
        monkeypatch.setattr(core, "run_tests", lambda *a, **k: next(flaky, None) or real(*a, **k))
        reward, info = _episode(env, task.reference["solution.py"])
        assert info["verdict"] == "solved"  # a transient infra error costs the agent nothing
    finally:
        env.close()

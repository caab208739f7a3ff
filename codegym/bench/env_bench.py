"""``codegym bench env``: env step rates and reset latency, each next to a baseline run alongside.

- non-executing tool calls (CodeEdit-v4 ``view_file`` / ``search``) vs a CartPole-v1 step;
- executing steps (CodeEdit-v4 ``run_tests`` on changed code) vs calling ``run_tests`` on the
  sandbox directly — the ratio shows whether the env or the sandbox bounds the rate;
- reset latency with a warm pool vs the sandbox's own ``reset`` + ``write_files``;
- vector-env scaling: CodeGen-v4 steps/s with 1, 2 and 4 async envs vs 1 env;
- training rates (:mod:`codegym.bench.training_bench`): RepairMenu executing steps/s with 1
  and 2 envs, report store off and on, CodeGen on HumanEval, next to trivial sandbox jobs/s.
"""

from __future__ import annotations

import json
import time

import gymnasium as gym

from codegym.bench.timing import collect, render_table, summarise

TASK = "builtin/two_sum"


def _steps_per_s(times_ms: list[float]) -> float:
    return 1000.0 * len(times_ms) / sum(times_ms) if times_ms else 0.0


def run_env_bench(tool_steps: int = 3000, exec_steps: int = 30, resets: int = 30, vector_steps: int = 12,
                  vector_sizes: tuple[int, ...] = (1, 2, 4), training_steps: int = 60) -> dict:
    import codegym  # noqa: F401  (registers the envs)
    from codegym.verdict import run_tests

    results: dict[str, dict] = {}
    cartpole = gym.make("CartPole-v1")
    cartpole.reset(seed=0)

    def cart_step() -> None:
        _, _, terminated, truncated, _ = cartpole.step(cartpole.action_space.sample())
        if terminated or truncated:
            cartpole.reset()

    results["baseline: CartPole-v1 step"] = summarise("cartpole", collect(cart_step, tool_steps)).as_dict()

    env = gym.make("codegym/CodeEdit-v4", max_episode_steps=10**9, max_steps=10**9)
    env.reset(seed=0, options={"task_id": TASK})
    view = json.dumps({"tool": "view_file", "args": {"path": "solution.py"}})
    search = json.dumps({"tool": "search", "args": {"pattern": "return"}})
    actions = [view, search]
    counter = [0]

    def tool_step() -> None:
        counter[0] += 1
        env.step(actions[counter[0] % 2])

    results["CodeEdit non-executing tool call"] = summarise("tool", collect(tool_step, tool_steps)).as_dict()

    core = env.unwrapped
    run_times = []
    run_action = json.dumps({"tool": "run_tests", "args": {}})
    for revision in range(exec_steps + 2):
        # change the code (untimed) so that every timed run_tests really executes
        env.step(json.dumps({"tool": "insert_lines", "args": {"path": "solution.py", "after_line": 0,
                                                               "text": f"# revision {revision}"}}))
        started = time.perf_counter()
        env.step(run_action)
        if revision >= 2:
            run_times.append((time.perf_counter() - started) * 1000.0)
    results["CodeEdit executing step (run_tests)"] = summarise("exec", run_times).as_dict()
    sandbox = core.sandbox
    task = core.task
    raw = [0]

    def raw_tests() -> None:
        raw[0] += 1
        run_tests(sandbox, {"solution.py": f"# raw {raw[0]}\n" + task.reference["solution.py"]}, task.visible_tests)

    results["baseline: run_tests on the sandbox"] = summarise("raw", collect(raw_tests, exec_steps)).as_dict()

    def env_reset() -> None:
        env.reset(options={"task_id": TASK})

    def raw_reset() -> None:
        sandbox.reset(clear_snapshot=True)
        sandbox.write_files(dict(task.files))

    results["CodeEdit reset"] = summarise("reset", collect(env_reset, resets)).as_dict()
    results["baseline: sandbox reset + write_files"] = summarise("raw reset", collect(raw_reset, resets)).as_dict()
    env.close()
    cartpole.close()

    scaling: dict[int, float] = {}
    for n in vector_sizes:
        envs = gym.make_vec("codegym/CodeGen-v4", num_envs=n, vectorization_mode="async", tasks=[TASK])
        envs.reset(seed=0)
        envs.step(tuple("pass" for _ in range(n)))  # warm: every worker has its sandbox
        start = time.perf_counter()
        for i in range(vector_steps):
            envs.step(tuple(f"def two_sum(nums, target):\n    return None  # {i}-{k}\n" for k in range(n)))
        elapsed = time.perf_counter() - start
        envs.close()
        scaling[n] = n * vector_steps / elapsed

    ratios = {
        "tool call steps/s": _steps_per_s([results["CodeEdit non-executing tool call"]["mean_ms"]]),
        "tool call / CartPole step (mean time)": results["CodeEdit non-executing tool call"]["mean_ms"]
        / results["baseline: CartPole-v1 step"]["mean_ms"],
        "executing step / raw sandbox run_tests (p50)": results["CodeEdit executing step (run_tests)"]["p50_ms"]
        / results["baseline: run_tests on the sandbox"]["p50_ms"],
        "reset p50 ms": results["CodeEdit reset"]["p50_ms"],
        "reset / raw sandbox reset (p50)": results["CodeEdit reset"]["p50_ms"] / results["baseline: sandbox reset + write_files"]["p50_ms"],
    }
    for n, rate in scaling.items():
        ratios[f"vector x{n}: steps/s"] = rate
        ratios[f"vector x{n}: speed-up over x1"] = rate / scaling[vector_sizes[0]]
    if training_steps:
        from codegym.bench.training_bench import run_training_bench

        ratios.update(run_training_bench(steps=training_steps))
    return {"samples": results, "ratios": ratios}


def format_report(report: dict) -> str:
    rows = [[name, s["runs"], s["p50_ms"], s["p95_ms"], s["per_s"]] for name, s in report["samples"].items()]
    table = render_table(["measured", "runs", "p50 ms", "p95 ms", "per s"], rows)
    ratio_lines = "\n".join(f"  {k}: {v:.3f}" for k, v in report["ratios"].items())
    return f"{table}\n\nratios (measured in this run):\n{ratio_lines}"

"""``rewards`` benchmark: the per-call cost of each built-in reward plugin.

Every built-in scores the last step of an episode on a generated ~300-line Python
file, twice over: *cold* (the analysis cache cleared and the source changed by a
trailing comment before each call, so radon, bandit and tree-sitter all run) and
*cached* (the same source again: only hashing and look-ups). A no-op plugin measured
in the same run is the baseline: what any plugin call costs at least.

Example:
    >>> report = run_rewards_bench(cold_runs=3, cached_runs=5)  # doctest: +SKIP
    >>> print(format_report(report))  # doctest: +SKIP
"""

from __future__ import annotations

import itertools
import random

from codegym.bench.timing import collect, render_table, summarise
from codegym.rewards import cache
from codegym.rewards.base import RewardContext, RewardPlugin, RewardTerm
from codegym.rewards.compose import load_plugin
from codegym.tasks.model import Task
from codegym.verdict import TestReport

BUILTINS = ("tests", "completion", "quality", "security", "efficiency", "shaping")


class NoopReward(RewardPlugin):
    """The baseline: a plugin that looks at nothing."""

    name = "noop"
    description = "returns 0 (benchmark baseline)"

    def compute(self, ctx: RewardContext) -> RewardTerm:
        return RewardTerm(0.0, {})


def generate_source(lines: int = 300, seed: int = 0) -> str:
    """A deterministic, realistic-looking module of about ``lines`` lines (functions, classes, branches)."""
    rng = random.Random(seed)
    out = ['"""Generated module for the rewards benchmark."""', "", "import os", "import subprocess", ""]
    index = 0
    while len(out) < lines - 12:
        index += 1
        if index % 4 == 0:
            out += ["", f"class Widget{index}:", f'    """Widget number {index}."""', "",
                    "    def __init__(self, size):", "        self.size = size", "        self.items = []", "",
                    "    def grow(self, amount):", "        if amount < 0:", "            raise ValueError(amount)",
                    "        for _ in range(amount):", "            self.items.append(len(self.items))",
                    "        return len(self.items)", ""]
            continue
        depth = rng.randint(1, 3)
        body = [f"def compute_{index}(values, limit={rng.randint(1, 99)}):", f'    """Compute thing {index}."""',
                "    total = 0", "    for value in values:"]
        indent = "        "
        for level in range(depth):
            body.append(f"{indent}if value % {level + 2} == 0 and value < limit:")
            indent += "    "
        body += [f"{indent}total += value * {rng.randint(2, 9)}", "        else:" if depth == 1 else "        total -= 1",
                 *(["            total -= 1"] if depth == 1 else []),
                 "    while total > limit:", "        total //= 2", "    return total", ""]
        if index % 7 == 0:
            body[-1:] = ["", f"def run_{index}(cmd):", "    return subprocess.run(cmd, shell=True)", ""]
        out += ["", *body]
    out += ["", "def main():", "    print(os.getcwd())", "", "", 'if __name__ == "__main__":', "    main()", ""]
    return "\n".join(out)


def _context(task: Task, source: str, report: TestReport, previous: TestReport, step: int) -> RewardContext:
    return RewardContext(
        task=task, files={"solution.py": source}, tests=report, hidden=True, previous_tests=previous, steps=step,
        max_steps=50, tokens=4000, terminated=True, verdict="solved",
        reference_stats={"runtime_s": 0.5},
    )


def run_rewards_bench(cold_runs: int = 20, cached_runs: int = 200, lines: int = 300) -> dict:
    """Measure every built-in plugin cold and cached; returns ``{"samples", "ratios", "analyses", ...}``."""
    reference = generate_source(lines, seed=0)
    solution = generate_source(lines, seed=1)
    task = Task(id="bench/generated", statement="benchmark", files={"solution.py": solution},
                visible_tests={}, hidden_tests={"test_x.py": "def test_x():\n    pass\n"},
                reference={"solution.py": reference}, difficulty=1, tags=("bench",), entry_points=("main",))
    previous = TestReport(outcomes={f"t{i}": "failed" for i in range(10)}, duration_s=0.6)
    report = TestReport(outcomes={f"t{i}": "passed" for i in range(10)}, duration_s=0.55)
    plugins: dict[str, RewardPlugin] = {"noop (baseline)": NoopReward()}
    plugins.update({name: load_plugin(name) for name in BUILTINS})
    counter = itertools.count()
    samples: dict[str, dict] = {}
    analyses: dict[str, dict] = {}
    for label, plugin in plugins.items():
        def cold(plugin=plugin) -> None:
            cache.clear()
            n = next(counter)
            plugin.compute(_context(task, f"{solution}# variant {n}\n", report, previous, n))

        fixed = _context(task, solution, report, previous, 1)

        def cached(plugin=plugin, fixed=fixed) -> None:
            plugin.compute(fixed)

        cold_times = collect(cold, cold_runs, warmup=2)
        cache.clear()
        cached(plugin)
        first = cache.stats()["misses"]
        cached_times = collect(cached, cached_runs, warmup=2)
        analyses[label] = {"cold_calls_per_score": first, "cached_calls": cache.stats()["misses"] - first}
        samples[label] = {"cold": summarise(f"{label} cold", cold_times).as_dict(),
                          "cached": summarise(f"{label} cached", cached_times).as_dict()}
    baseline = samples["noop (baseline)"]
    ratios = {
        label: {
            "cold_over_cached": s["cold"]["mean_ms"] / s["cached"]["mean_ms"] if s["cached"]["mean_ms"] else float("inf"),
            "cached_over_noop": s["cached"]["mean_ms"] / baseline["cached"]["mean_ms"] if baseline["cached"]["mean_ms"] else float("inf"),
        }
        for label, s in samples.items()
    }
    cache.clear()
    return {"lines": solution.count("\n") + 1, "cold_runs": cold_runs, "cached_runs": cached_runs,
            "samples": samples, "ratios": ratios, "analyses": analyses}


def format_report(report: dict) -> str:
    """A table: per plugin, cold and cached p50/mean in ms, analyses per call and the ratios."""
    rows = []
    for label, s in report["samples"].items():
        r, a = report["ratios"][label], report["analyses"][label]
        rows.append([label, *(f"{s[way][stat]:.3f}" for way in ("cold", "cached") for stat in ("p50_ms", "mean_ms")),
                     a["cold_calls_per_score"], a["cached_calls"], f"{r['cold_over_cached']:.1f}x",
                     f"{r['cached_over_noop']:.1f}x"])
    table = render_table(["plugin", "cold p50 ms", "cold mean ms", "cached p50 ms", "cached mean ms",
                          "analyses (cold)", "analyses (cached)", "cold/cached", "cached/noop"], rows)
    return (f"reward plugins on a generated {report['lines']}-line file; cold: cache cleared and source changed "
            f"({report['cold_runs']} runs), cached: same source ({report['cached_runs']} runs)\n{table}")

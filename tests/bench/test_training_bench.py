"""`codegym bench env`'s training rates: every rate is measured, and the store is set back afterwards."""

from __future__ import annotations

import os

import pytest

from codegym.bench.training_bench import cpu_ceiling, run_training_bench


@pytest.mark.slow
def test_training_rates_are_measured_and_the_environment_is_restored():
    before = {k: os.environ.get(k) for k in ("CODEGYM_REPORT_STORE", "CODEGYM_CACHE")}
    rates = run_training_bench(steps=4, codegen_episodes=2)
    assert {k: os.environ.get(k) for k in before} == before
    for name in ("floor: trivial sandbox jobs/s", "RepairMenu x1, store off: steps/s", "RepairMenu x2, store off: steps/s",
                 "RepairMenu x2, store on (second pass): steps/s", "CodeGen HumanEval canonical, store off: steps/s",
                 "CodeGen HumanEval wrong, store off: steps/s"):
        assert rates[name] > 0, name
    assert 0 < rates["RepairMenu x1, store off: p99 step ms"] and 0 < rates["RepairMenu x2, store off: p99 step ms"]
    assert rates["RepairMenu x1 per executing step, CPU sandbox container ms"] > 0  # cgroups are readable here
    assert rates["RepairMenu x1 per executing step, wall ms"] > rates["RepairMenu x1 per executing step, CPU host env ms"]
    # the second pass replays the first one's states: they come from the store, not the sandbox
    assert rates["RepairMenu x2 store on: second pass / first pass (same seeds)"] > 1
    ceiling = rates[f"RepairMenu CPU ceiling on {os.cpu_count()} cores: steps/s"]
    assert rates["RepairMenu x2 store off / CPU ceiling"] == pytest.approx(rates["RepairMenu x2, store off: steps/s"] / ceiling)


def test_the_cpu_ceiling_is_cores_over_a_steps_cpu():
    split = {"host env ms": 5.0, "sandbox container ms": 20.0, "engine ms": 1.0, "wall ms": 30.0}
    assert cpu_ceiling(split, cores=2) == pytest.approx(2000.0 / 26.0)
    assert cpu_ceiling({**split, "engine ms": None}, cores=2) is None  # a part not readable: no ceiling
    assert cpu_ceiling({"host env ms": 0.0, "sandbox container ms": 0.0, "engine ms": 0.0}, cores=2) is None

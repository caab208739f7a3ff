"""`codegym bench env`'s CPU split: where an executing step's CPU goes, read from cgroups and /proc."""

from __future__ import annotations

from pathlib import Path

import pytest

from codegym.bench.cpu_split import container_cpu_s, engine_pids, measure_cpu_split


def test_container_cpu_is_read_from_cgroup_v1_and_v2_layouts(tmp_path: Path):
    v1 = tmp_path / "v1" / "cpuacct" / "docker" / "abc"
    v1.mkdir(parents=True)
    (v1 / "cpuacct.usage").write_text("2500000000\n")
    v2 = tmp_path / "v2" / "system.slice" / "docker-abc.scope"
    v2.mkdir(parents=True)
    (v2 / "cpu.stat").write_text("usage_usec 1500000\nuser_usec 1000000\nsystem_usec 500000\n")
    assert container_cpu_s("abc", tmp_path / "v1") == pytest.approx(2.5)
    assert container_cpu_s("abc", tmp_path / "v2") == pytest.approx(1.5)
    assert container_cpu_s("abc", tmp_path / "none") is None  # not readable: not measured, never 0


def test_a_sandbox_jobs_cpu_lands_in_its_container_not_in_this_process(sandbox):
    container = sandbox.container_id
    if container_cpu_s(container) is None:
        pytest.fail("this machine's cgroups should be readable by the tests (root, cgroup v1 or v2)")
    burn = "x = 0\nfor i in range(3_000_000):\n    x += i\n"
    split = measure_cpu_split(lambda: sandbox.run_python(burn, trusted=True), 3, lambda: {container})
    assert split["sandbox container ms"] > 50  # a few hundred ms of work per job, in the container
    assert split["host env ms"] < split["sandbox container ms"] / 5
    assert split["wall ms"] >= split["sandbox container ms"] * 0.5
    assert any(pid for pid in engine_pids({container}))  # dockerd / containerd / its shim are visible

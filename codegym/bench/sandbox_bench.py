"""``codegym bench sandbox``: the sandbox against a host subprocess and ``docker exec``.

Five ways to run the same two jobs, measured in one run so that ratios are fair on a
noisy machine: the docker sandbox (a fresh interpreter per job, what agent code gets),
the same sandbox for trusted code (forked from the runner's warm interpreter, what the
test harness gets), the same runner with no container (local backend), a plain host
``subprocess.run``, and ``docker exec`` into a running sandbox container.
"""

from __future__ import annotations

import os
import subprocess
import sys
import tempfile

from codegym.bench.timing import Sample, collect, render_table, summarise
from codegym.sandbox import make_sandbox

TRIVIAL = "print(1)"
TEN_TESTS = "from solution import f\n\n" + "".join(
    f"def test_{i}():\n    assert f({i}) == {i * i}\n\n" for i in range(10)
)
SOLUTION = "def f(x):\n    return x * x\n"
PYTEST_ARGS = ["-q", "-p", "no:cacheprovider", "test_ten.py"]
PYTEST_SOURCE = f"import sys, pytest\nsys.exit(pytest.main({PYTEST_ARGS!r}))"
#: Same for every way: the sandbox image has no pytest plugins, so none are scanned for anywhere.
JOB_ENV = {"PYTEST_DISABLE_PLUGIN_AUTOLOAD": "1"}


def host_baseline() -> tuple[list[str], dict[str, str]]:
    """The leanest honest host interpreter: ``python -S`` with pytest's site dir on PYTHONPATH.

    ``-S`` skips ``.pth`` processing (which costs tens of ms on some machines) so the
    baseline is not slowed by this machine's quirks.
    """
    import pytest

    site_dir = os.path.dirname(os.path.dirname(pytest.__file__))
    return [sys.executable, "-S"], {**JOB_ENV, "PYTHONPATH": site_dir, "PATH": os.environ.get("PATH", "")}


def _check(result, what: str) -> None:
    if getattr(result, "exit_code", getattr(result, "returncode", 1)) != 0:
        raise RuntimeError(f"benchmark job {what} failed: {result}")


def run_sandbox_bench(trivial_runs: int = 200, pytest_runs: int = 30) -> dict:
    """Measure every way; returns {"samples": {...}, "ratios": {...}}."""
    files = {"solution.py": SOLUTION, "test_ten.py": TEN_TESTS}
    samples: dict[str, Sample] = {}
    with make_sandbox("docker") as docker_sb, make_sandbox("local") as local_sb, make_sandbox("docker") as exec_sb, \
            tempfile.TemporaryDirectory(prefix="codegym-bench-") as host_dir:
        for sb in (docker_sb, local_sb, exec_sb):
            sb.write_files(files)
        for name, text in files.items():
            with open(os.path.join(host_dir, name), "w") as fh:
                fh.write(text)
        api = exec_sb._warm.client.api

        def docker_exec(argv: list[str]) -> None:
            exec_id = api.exec_create(exec_sb.container_id, argv, workdir="/workspace", environment=JOB_ENV)["Id"]
            api.exec_start(exec_id)
            if api.exec_inspect(exec_id)["ExitCode"] != 0:
                raise RuntimeError(f"docker exec {argv} failed")

        host_python, host_env = host_baseline()

        def host(argv: list[str]) -> None:
            _check(subprocess.run(argv, cwd=host_dir, capture_output=True, env=host_env), "host " + " ".join(argv))

        host_env_python = host_python
        jobs = {
            "trivial": (trivial_runs, {
                "sandbox run_python": lambda: _check(docker_sb.run_python(TRIVIAL, env=JOB_ENV), "sandbox trivial"),
                "sandbox, trusted (warm fork)": lambda: _check(docker_sb.run_python(TRIVIAL, env=JOB_ENV, trusted=True),
                                                              "sandbox trusted trivial"),
                "runner, no container": lambda: _check(local_sb.run_python(TRIVIAL, env=JOB_ENV), "local trivial"),
                "host subprocess.run": lambda: host([*host_env_python, "-c", TRIVIAL]),
                "docker exec": lambda: docker_exec(["python3", "-c", TRIVIAL]),
            }),
            "pytest 10 tests": (pytest_runs, {
                "sandbox run_python": lambda: _check(docker_sb.run_python(PYTEST_SOURCE, env=JOB_ENV), "sandbox pytest"),
                "sandbox, trusted (warm fork)": lambda: _check(docker_sb.run_python(PYTEST_SOURCE, env=JOB_ENV, trusted=True),
                                                              "sandbox trusted pytest"),
                "runner, no container": lambda: _check(local_sb.run_python(PYTEST_SOURCE, env=JOB_ENV), "local pytest"),
                "host subprocess.run": lambda: host([*host_env_python, "-m", "pytest", *PYTEST_ARGS]),
                "docker exec": lambda: docker_exec(["python3", "-m", "pytest", *PYTEST_ARGS]),
            }),
        }
        for job, (runs, ways) in jobs.items():
            # interleave ways in rounds so drift on a shared machine hits all of them alike
            rounds = 5
            times: dict[str, list[float]] = {way: [] for way in ways}
            for _ in range(rounds):
                for way, fn in ways.items():
                    times[way] += collect(fn, max(1, runs // rounds), warmup=2)
            for way, measured in times.items():
                samples[f"{job} | {way}"] = summarise(way, measured)
    ratios = {}
    for job in ("trivial", "pytest 10 tests"):
        sandbox = samples[f"{job} | sandbox run_python"]
        ratios[f"{job}: sandbox / host subprocess (p50)"] = sandbox.p50_ms / samples[f"{job} | host subprocess.run"].p50_ms
        ratios[f"{job}: sandbox / docker exec (p50)"] = sandbox.p50_ms / samples[f"{job} | docker exec"].p50_ms
        ratios[f"{job}: container overhead over bare runner (p50 ms)"] = sandbox.p50_ms - samples[f"{job} | runner, no container"].p50_ms
        ratios[f"{job}: trusted warm fork / sandbox fresh (p50)"] = \
            samples[f"{job} | sandbox, trusted (warm fork)"].p50_ms / sandbox.p50_ms
    return {"samples": {k: v.as_dict() for k, v in samples.items()}, "ratios": ratios}


def format_report(report: dict) -> str:
    rows = []
    for key, s in report["samples"].items():
        job, way = key.split(" | ")
        rows.append([job, way, s["runs"], s["p50_ms"], s["p95_ms"], s["per_s"]])
    table = render_table(["job", "how", "runs", "p50 ms", "p95 ms", "jobs/s"], rows)
    ratio_lines = "\n".join(f"  {k}: {v:.3f}" for k, v in report["ratios"].items())
    return f"{table}\n\nratios (measured in this run):\n{ratio_lines}"

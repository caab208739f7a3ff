"""`codegym bench ray`: the single-process evaluator and Ray with 1 and 2 workers, same episodes, same run."""

from __future__ import annotations

import pytest

from codegym.cli import main


@pytest.mark.slow
def test_bench_ray_times_every_way_on_the_same_episodes(ray_local):
    from codegym.bench.ray_bench import format_report, run_ray_bench

    report = run_ray_bench(episodes=2, workers=(1, 2))
    ways = [row["way"] for row in report["rows"]]
    assert ways == ["single process (evaluate)", "ray, 1 worker", "ray, 2 workers"]
    for row in report["rows"]:
        assert row["episodes_per_s"] > 0 and row["wall_s"] > 0 and row["same_outcomes"], row
    assert report["rows"][0]["vs_single"] == 1.0 and report["rows"][1]["vs_first_ray"] == 1.0
    assert report["nodes"] == 1 and "CPU only" in report["placement"]
    text = format_report(report)
    assert "x single" in text and "ray, 2 workers" in text and "report store off" in text


@pytest.mark.parametrize("workers, match", [("1,two", "comma-separated ints"), ("0", "positive ints")])
def test_bench_ray_names_bad_worker_counts(workers, match, capsys):
    assert main(["bench", "ray", "--episodes", "1", "--workers", workers]) == 1
    assert match in capsys.readouterr().err

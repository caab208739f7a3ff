"""The rewards benchmark runs and reports every built-in against the no-op baseline."""

from __future__ import annotations

from codegym.bench.rewards_bench import BUILTINS, format_report, generate_source, run_rewards_bench
from codegym.code.parsing import is_valid


def test_generated_source_is_valid_and_about_300_lines():
    source = generate_source()
    assert 280 <= source.count("\n") <= 320 and is_valid(source)
    assert generate_source() == source  # deterministic


def test_bench_report():
    report = run_rewards_bench(cold_runs=2, cached_runs=3)
    assert set(report["samples"]) == {"noop (baseline)", *BUILTINS}
    for label, sample in report["samples"].items():
        assert sample["cold"]["runs"] == 2 and sample["cached"]["runs"] == 3
    analyses = report["analyses"]
    assert analyses["noop (baseline)"]["cold_calls_per_score"] == 0
    for name in ("quality", "security", "shaping"):
        assert analyses[name]["cold_calls_per_score"] >= 1 and analyses[name]["cached_calls"] == 0
    text = format_report(report)
    assert "noop (baseline)" in text and "quality" in text and "cold/cached" in text

"""Latency sampling and table rendering shared by the benchmarks."""

from __future__ import annotations

import statistics
import time
from dataclasses import asdict, dataclass
from typing import Callable


@dataclass(frozen=True)
class Sample:
    """Latency summary of one measured operation."""

    name: str
    runs: int
    p50_ms: float
    p95_ms: float
    mean_ms: float

    @property
    def per_s(self) -> float:
        return 1000.0 / self.mean_ms if self.mean_ms > 0 else float("inf")

    def as_dict(self) -> dict:
        return {**asdict(self), "per_s": self.per_s}


def collect(fn: Callable[[], object], runs: int, warmup: int = 3) -> list[float]:
    """Call ``fn`` ``warmup`` + ``runs`` times; the timed runs' latencies in ms."""
    for _ in range(warmup):
        fn()
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        fn()
        times.append((time.perf_counter() - start) * 1000.0)
    return times


def summarise(name: str, times: list[float]) -> Sample:
    """p50 / p95 / mean of latencies in ms."""
    ordered = sorted(times)
    p95 = ordered[min(len(ordered) - 1, int(round(0.95 * (len(ordered) - 1))))]
    return Sample(name, len(ordered), statistics.median(ordered), p95, statistics.fmean(ordered))


def measure(name: str, fn: Callable[[], object], runs: int, warmup: int = 3) -> Sample:
    """Time ``fn`` and summarise.

    Example:
        >>> measure("noop", lambda: None, runs=5).runs
        5
    """
    return summarise(name, collect(fn, runs, warmup))


def render_table(headers: list[str], rows: list[list[object]]) -> str:
    """A plain fixed-width text table."""
    cells = [[str(h) for h in headers]] + [[f"{c:.2f}" if isinstance(c, float) else str(c) for c in row] for row in rows]
    widths = [max(len(r[i]) for r in cells) for i in range(len(headers))]
    lines = ["  ".join(c.ljust(w) for c, w in zip(cells[0], widths))]
    lines.append("  ".join("-" * w for w in widths))
    lines += ["  ".join(c.ljust(w) for c, w in zip(row, widths)) for row in cells[1:]]
    return "\n".join(lines)

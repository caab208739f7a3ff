"""The shared analysis cache: re-scoring unchanged code runs no analysis (counted, not timed)."""

from __future__ import annotations

import pytest

from codegym.errors import ConfigError
from codegym.rewards import RewardComposer, RewardContext
from codegym.rewards import cache
from codegym.rewards.cache import AnalysisCache, content_hash
from codegym.verdict import TestReport

from tests.rewards.conftest import INSECURE, NESTED


def analyses(stats: dict) -> int:
    return stats["misses"]


@pytest.mark.parametrize("name", ["quality", "security", "shaping"])
def test_second_call_on_same_source_runs_no_analysis(name, two_sum, fresh_cache):
    plugin = RewardComposer({name: {"weight": 1.0, "options": {}}}).plugins[name]
    ctx = RewardContext(task=two_sum, files={"solution.py": NESTED + INSECURE}, tests=TestReport(outcomes={"a": "passed"}),
                        terminated=True, steps=1)
    first = plugin.compute(ctx)
    after_first = fresh_cache.stats()
    assert analyses(after_first) >= 1
    second = plugin.compute(ctx)
    after_second = fresh_cache.stats()
    assert second == first
    assert analyses(after_second) == analyses(after_first)  # no new analysis
    assert after_second["hits"] > after_first["hits"]


def test_composer_rescoring_unchanged_files_is_free(two_sum, fresh_cache):
    composer = RewardComposer({"quality": 1.0, "security": 1.0, "shaping": 1.0})
    files = {"solution.py": NESTED, "helpers.py": INSECURE}
    report = TestReport(outcomes={"a": "passed"})
    composer(RewardContext(task=two_sum, files=files, tests=report, terminated=True, steps=1))
    cold = fresh_cache.stats()
    kinds = cold["kinds"]
    assert kinds["radon"]["misses"] == 3  # two solution files + the reference
    assert kinds["syntax"]["misses"] == 2 and kinds[cache.kind("bandit", skip=["B101"])]["misses"] == 2
    for step in range(2, 6):
        composer(RewardContext(task=two_sum, files=files, tests=report, terminated=True, steps=step))
    warm = fresh_cache.stats()
    assert warm["misses"] == cold["misses"] and warm["hits"] > cold["hits"]
    # one file changes: only that file is analysed again
    composer(RewardContext(task=two_sum, files={**files, "helpers.py": INSECURE + "\n# edited\n"}, tests=report,
                           terminated=True, steps=6))
    edited = fresh_cache.stats()["kinds"]
    assert edited["radon"]["misses"] == 4 and edited[cache.kind("bandit", skip=["B101"])]["misses"] == 3 and edited["syntax"]["misses"] == 3


def test_lru_bound_and_counters():
    lru = AnalysisCache(maxsize=2)
    calls = []

    def analyse(text):
        calls.append(text)
        return len(text)

    for text in ("a", "bb", "a", "ccc", "bb"):
        lru.get_or_compute("len", text, analyse)
    assert calls == ["a", "bb", "ccc", "bb"]  # "bb" was evicted by "ccc" ("a" was used more recently)
    stats = lru.stats()
    assert stats["size"] == 2 and stats["evictions"] == 2 and stats["kinds"]["len"] == {"hits": 1, "misses": 4}
    lru.resize(1)
    assert lru.stats()["size"] == 1
    lru.clear()
    assert lru.stats() == {"size": 0, "maxsize": 1, "hits": 0, "misses": 0, "evictions": 0, "kinds": {}}


def test_kinds_are_separate_and_errors_are_not_cached():
    lru = AnalysisCache()
    assert lru.get_or_compute("a", "x", lambda s: 1) == 1
    assert lru.get_or_compute("b", "x", lambda s: 2) == 2
    with pytest.raises(ZeroDivisionError):
        lru.get_or_compute("c", "x", lambda s: 1 / 0)
    assert lru.get_or_compute("c", "x", lambda s: 3) == 3
    assert lru.stats()["size"] == 3


def test_zero_disables_and_bad_sizes():
    lru = AnalysisCache(maxsize=0)
    lru.get_or_compute("k", "x", len)
    lru.get_or_compute("k", "x", len)
    assert lru.stats()["misses"] == 2 and lru.stats()["size"] == 0
    with pytest.raises(ConfigError):
        AnalysisCache(maxsize=-1)


def test_content_hash_is_sha256():
    assert content_hash("") == "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"

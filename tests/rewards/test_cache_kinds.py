"""Analysis-cache keys are framed: neither a (kind, source) split nor an option list can fake another's entry."""

from __future__ import annotations

import pytest

from codegym.errors import ConfigError
from codegym.rewards.cache import AnalysisCache, kind


def test_kind_and_source_are_separate_fields_of_the_key():
    lru = AnalysisCache()
    assert lru.get_or_compute("a:b", "c", lambda s: "first") == "first"
    # the same characters split differently between kind and source are another entry
    assert lru.get_or_compute("a", "b:c", lambda s: "second") == "second"
    assert lru.get_or_compute("a:", "bc", lambda s: "third") == "third"
    assert lru.stats()["misses"] == 3 and lru.stats()["hits"] == 0


def test_hand_joined_options_collide_and_framed_kinds_do_not():
    one, two = ["B101,B102"], ["B101", "B102"]
    assert "skip=" + ",".join(one) == "skip=" + ",".join(two)  # the flaw of joining by hand
    assert kind("bandit", skip=one) != kind("bandit", skip=two)
    assert kind("docstrings", min_length=3) != kind("docstrings", min_length="3")
    assert kind("x", a=1, b=2) == kind("x", b=2, a=1)  # order of keywords does not matter
    assert kind("radon") == "radon"
    lru = AnalysisCache()
    lru.get_or_compute(kind("bandit", skip=one), "src", lambda s: "skips one id")
    assert lru.get_or_compute(kind("bandit", skip=two), "src", lambda s: "skips two ids") == "skips two ids"


@pytest.mark.parametrize("name", ["", "bandit:skip=B101", 3])
def test_kind_names_cannot_fake_the_options_field(name):
    with pytest.raises(ConfigError):
        kind(name, skip=["B101"])


def test_kind_options_must_be_plain_data():
    with pytest.raises(ConfigError):
        kind("x", fn=object())
    with pytest.raises(ConfigError):
        kind("x", limit=float("nan"))

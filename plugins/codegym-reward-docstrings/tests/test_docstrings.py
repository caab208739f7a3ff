"""The docstrings reward plugin on its own (no sandbox needed)."""

from __future__ import annotations

import pytest

import codegym.tasks
from codegym.errors import ConfigError
from codegym.rewards import RewardContext, RewardPlugin
from codegym.rewards import cache
from codegym_reward_docstrings import DocstringsReward, docstring_coverage

DOCUMENTED = '''"""Module docstring (not counted)."""


def add(a, b):
    """Return the sum of a and b."""
    return a + b


class Box:
    """A box that holds one value."""

    def get(self):
        """Return the value held in the box."""
        return self.value

    def _private(self):
        return None

    def __repr__(self):
        return "Box()"


def _helper():
    return 1
'''

UNDOCUMENTED = '''
def add(a, b):
    return a + b


class Box:
    def get(self):
        return self.value
'''

SHORT = '''
def add(a, b):
    """Add."""
    return a + b


def sub(a, b):
    """Subtract b from a, return the result."""
    return a - b
'''


@pytest.fixture(scope="module")
def task():
    return codegym.tasks.load("builtin").get("builtin/two_sum")


def ctx(task, source: str, **fields) -> RewardContext:
    return RewardContext(task=task, files={"solution.py": source}, **fields)


def test_is_a_reward_plugin_with_public_name():
    assert issubclass(DocstringsReward, RewardPlugin)
    assert DocstringsReward.name == "docstrings" and DocstringsReward.description


def test_fully_documented_scores_one(task):
    term = DocstringsReward().compute(ctx(task, DOCUMENTED))
    assert term.value == 1.0
    assert term.info["public"] == 3 and term.info["documented"] == 3  # add, Box, Box.get


def test_undocumented_scores_zero(task):
    term = DocstringsReward().compute(ctx(task, UNDOCUMENTED))
    assert term.value == 0.0 and term.info["public"] == 3


def test_short_docstrings_count_less(task):
    term = DocstringsReward().compute(ctx(task, SHORT))
    assert term.info["short"] == 1
    assert term.value == pytest.approx((2 - 0.5) / 2)
    lenient = DocstringsReward(short_penalty=0.0).compute(ctx(task, SHORT))
    assert lenient.value == 1.0


def test_reference_solution_counts_its_function(task):
    term = DocstringsReward().compute(ctx(task, task.reference["solution.py"]))
    assert term.value == 1.0 and term.info["public"] == 1


def test_nothing_public_and_syntax_errors(task):
    assert DocstringsReward().compute(ctx(task, "x = 1\n")).info["reason"] == "no public functions or classes"
    broken = DocstringsReward(syntax_value=-1.0).compute(ctx(task, "def f(:\n"))
    assert broken.value == -1.0 and broken.info["syntax_errors"] == ["solution.py"]


def test_when_end_waits_for_the_last_step(task):
    plugin = DocstringsReward(when="end")
    assert plugin.compute(ctx(task, DOCUMENTED)).value == 0.0
    assert plugin.compute(ctx(task, DOCUMENTED, terminated=True)).value == 1.0


def test_options_are_checked():
    with pytest.raises(ConfigError, match="docstrings.*min_lenght.*min_length"):
        DocstringsReward(min_lenght=3)
    with pytest.raises(ConfigError, match="short_penalty"):
        DocstringsReward(short_penalty=2)
    with pytest.raises(ConfigError, match="min_length"):
        DocstringsReward(min_length="ten")


def test_analysis_is_cached_by_content():
    cache.clear()
    source = DOCUMENTED + "\n# cache probe\n"
    first = docstring_coverage(source)
    before = cache.stats()["kinds"]["docstrings:min_length=10"]
    assert docstring_coverage(source) == first
    after = cache.stats()["kinds"]["docstrings:min_length=10"]
    assert after["misses"] == before["misses"] == 1 and after["hits"] == before["hits"] + 1

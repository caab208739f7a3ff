"""Shared fixtures of the reward tests: the two_sum task, solutions of known quality, a sandbox."""

from __future__ import annotations

import pytest

import codegym
import codegym.tasks
from codegym.rewards import cache

CORRECT = '''def two_sum(nums, target):
    """Return (i, j), i < j, with nums[i] + nums[j] == target, smallest j then i."""
    seen = {}
    for j, value in enumerate(nums):
        i = seen.get(target - value)
        if i is not None:
            return (i, j)
        seen.setdefault(value, j)
    return None
'''

# Overwrites earlier indices of equal values: passes 5 of the 7 hidden tests.
PARTIAL = '''def two_sum(nums, target):
    """Return (i, j), i < j, with nums[i] + nums[j] == target, or None."""
    index = {}
    for j, x in enumerate(nums):
        i = index.get(target - x)
        if i is not None:
            return (i, j)
        index[x] = j
    return None
'''

WRONG = '''def two_sum(nums, target):
    """Return the first two indices."""
    return (0, 0)
'''

# Correct, but needlessly nested.
NESTED = '''def two_sum(nums, target):
    seen = {}
    for j in range(len(nums)):
        x = nums[j]
        if x is not None:
            need = target - x
            if need in seen:
                i = seen[need]
                if i is not None:
                    if i < j:
                        if nums[i] + nums[j] == target:
                            return (i, j)
                        else:
                            continue
                    else:
                        pass
                else:
                    pass
            else:
                if x not in seen:
                    seen[x] = j
                else:
                    if seen[x] is None:
                        seen[x] = j
                    else:
                        pass
        else:
            continue
    return None
'''

SLEEPY = "import time\n\ntime.sleep(1.5)\n\n\n" + CORRECT

INSECURE = '''import subprocess


def two_sum(nums, target):
    """Return (i, j) with nums[i] + nums[j] == target, or None."""
    extra = eval(input())
    subprocess.run("echo " + str(extra), shell=True)
    return None
'''

SYNTAX_ERROR = "def two_sum(nums, target)\n    return None\n"


@pytest.fixture(scope="session")
def two_sum():
    return codegym.tasks.load("builtin").get("builtin/two_sum")


@pytest.fixture(scope="module")
def reward_sandbox():
    """One real Docker sandbox per test module (run_tests resets it before each run)."""
    with codegym.make_sandbox("docker") as sb:
        yield sb


@pytest.fixture
def fresh_cache():
    cache.clear()
    yield cache
    cache.clear()

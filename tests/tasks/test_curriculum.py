"""Curricula draw from np_random and adapt to success."""

from __future__ import annotations

import numpy as np
import pytest

import codegym.tasks
from codegym.tasks.curriculum import AdaptiveCurriculum, make_curriculum
from codegym.errors import ConfigError


@pytest.fixture(scope="module")
def builtin():
    return codegym.tasks.load("builtin")


def test_uniform_is_deterministic_per_seed(builtin):
    c = make_curriculum("uniform", builtin)
    a = [c.sample(np.random.default_rng(3)).id for _ in range(5)]
    b = [c.sample(np.random.default_rng(3)).id for _ in range(5)]
    assert a == b
    rng = np.random.default_rng(0)
    assert len({c.sample(rng).id for _ in range(200)}) > len(builtin) // 2


def test_fixed_difficulty(builtin):
    c = make_curriculum({"name": "fixed", "difficulty": 2}, builtin)
    rng = np.random.default_rng(0)
    assert {c.sample(rng).difficulty for _ in range(50)} == {2}
    assert c.info() == {"name": "fixed", "level": 2}
    with pytest.raises(ConfigError, match="no task of difficulty 7"):
        make_curriculum({"name": "fixed", "difficulty": 7}, builtin)


def test_adaptive_promotes_and_demotes(builtin):
    c = AdaptiveCurriculum(builtin, promote_at=0.8, demote_at=0.2, window=5)
    rng = np.random.default_rng(0)
    assert c.info()["level"] == 1
    for _ in range(5):
        c.update(c.sample(rng), solved=True)
    assert c.info()["level"] == 2 and c.info()["window_filled"] == 0
    for _ in range(5):
        c.update(c.sample(rng), solved=False)
    assert c.level == 1
    task = c.sample(rng)
    assert task.difficulty == 1


def test_bad_curriculum_named(builtin):
    with pytest.raises(ConfigError, match="unknown curriculum 'spiral'"):
        make_curriculum("spiral", builtin)
    with pytest.raises(ConfigError, match="promote_at"):
        make_curriculum({"name": "adaptive", "promote_at": 0.1, "demote_at": 0.5}, builtin)

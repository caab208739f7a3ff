"""Loading the single-file baselines (``baselines/ppo.py``, ``baselines/dqn.py``) as modules."""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path
from types import ModuleType

import pytest

BASELINES = Path(__file__).resolve().parents[2] / "baselines"


def load_baseline(name: str) -> ModuleType:
    """Import ``baselines/<name>.py`` as module ``codegym_baseline_<name>``."""
    module_name = f"codegym_baseline_{name}"
    if module_name in sys.modules:
        return sys.modules[module_name]
    spec = importlib.util.spec_from_file_location(module_name, BASELINES / f"{name}.py")
    module = importlib.util.module_from_spec(spec)
    sys.modules[module_name] = module  # dataclasses look the module up while the class is built
    spec.loader.exec_module(module)
    return module


@pytest.fixture(scope="session")
def dqn() -> ModuleType:
    return load_baseline("dqn")


@pytest.fixture(scope="session")
def ppo() -> ModuleType:
    return load_baseline("ppo")

"""Registering codegym's envs with Gymnasium (and third-party packs via entry points).

Each id gets Gymnasium's ``max_episode_steps`` (TimeLimit) as its only episode length,
and :class:`~codegym.envs.core.StepBudget` outside the TimeLimit, which tells the env
that limit so the step exhausting it is judged (``timeout``). CodeGen always terminates
on its one step, so it gets no TimeLimit (which would also flag that step truncated).
"""

from __future__ import annotations

import warnings

import gymnasium as gym
from gymnasium.envs.registration import WrapperSpec

#: id -> (entry point, max_episode_steps).
ENVS = {
    "codegym/CodeGen-v4": ("codegym.envs.codegen:CodeGenEnv", None),
    "codegym/CodeEdit-v4": ("codegym.envs.codeedit:CodeEditEnv", 50),
    "codegym/RepairMenu-v4": ("codegym.envs.repair_menu:RepairMenuEnv", 20),
    "codegym/Decompose-v2": ("codegym.envs.decompose:DecomposeEnv", 60),
    "codegym/DecomposeMenu-v2": ("codegym.envs.decompose:DecomposeMenuEnv", 40),
}

STEP_BUDGET = WrapperSpec(name="StepBudget", entry_point="codegym.envs.core:StepBudget", kwargs={})


def register_envs() -> None:
    """Register the built-in envs (idempotent). Also the ``codegym.envs`` entry point of codegym."""
    for env_id, (entry_point, steps) in ENVS.items():
        if env_id not in gym.registry:
            gym.register(id=env_id, entry_point=entry_point, max_episode_steps=steps,
                         additional_wrappers=(STEP_BUDGET,), disable_env_checker=False)


def register_plugin_envs() -> list[str]:
    """Call every ``codegym.envs`` entry point; a broken one warns with its name and is skipped."""
    from codegym import plugins

    failed = []
    for name, entry in plugins.entry_points("codegym.envs").items():
        try:
            entry.load()()
        except Exception as exc:  # a third-party pack must not break codegym
            failed.append(name)
            warnings.warn(f"codegym.envs plugin {name!r} ({entry.value}) failed to register: {type(exc).__name__}: {exc}",
                          RuntimeWarning, stacklevel=2)
    return failed

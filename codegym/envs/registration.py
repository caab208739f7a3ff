"""Registering codegym's envs with Gymnasium (and third-party packs via entry points)."""

from __future__ import annotations

import warnings

import gymnasium as gym

#: id -> (entry point, max_episode_steps). CodeGen always terminates on its one step,
#: so it gets no TimeLimit (which would also flag that step as truncated).
ENVS = {
    "codegym/CodeGen-v1": ("codegym.envs.codegen:CodeGenEnv", None),
    "codegym/CodeEdit-v1": ("codegym.envs.codeedit:CodeEditEnv", 50),
    "codegym/RepairMenu-v1": ("codegym.envs.repair_menu:RepairMenuEnv", 20),
}


def register_envs() -> None:
    """Register the built-in envs (idempotent). Also the ``codegym.envs`` entry point of codegym."""
    for env_id, (entry_point, steps) in ENVS.items():
        if env_id not in gym.registry:
            gym.register(id=env_id, entry_point=entry_point, max_episode_steps=steps,
                         kwargs={"max_steps": steps} if steps else {}, disable_env_checker=False)


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

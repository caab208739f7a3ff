"""Gymnasium envs: CodeGen-v0 (one shot), CodeEdit-v0 (tool use), RepairMenu-v0 (numeric)."""

from codegym.envs.registration import ENVS, register_envs

__all__ = ["ENVS", "register_envs"]

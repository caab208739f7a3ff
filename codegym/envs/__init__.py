"""Gymnasium envs: CodeGen-v1 (one shot), CodeEdit-v1 (tool use), RepairMenu-v1 (numeric)."""

from codegym.envs.registration import ENVS, register_envs

__all__ = ["ENVS", "register_envs"]

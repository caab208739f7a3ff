"""Gymnasium envs: CodeGen-v2 (one shot), CodeEdit-v2 (tool use), RepairMenu-v2 (numeric): thin views over codegym.engine."""

from codegym.envs.registration import ENVS, register_envs

__all__ = ["ENVS", "register_envs"]

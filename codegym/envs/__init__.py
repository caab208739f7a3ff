"""Gymnasium envs: CodeGen-v3 (one shot), CodeEdit-v3 (tool use), RepairMenu-v3 (numeric): thin views over codegym.engine."""

from codegym.envs.registration import ENVS, register_envs

__all__ = ["ENVS", "register_envs"]

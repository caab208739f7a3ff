"""Gymnasium envs: CodeGen-v4 (one shot), CodeEdit-v4 (tool use), RepairMenu-v4 (numeric): thin views over codegym.engine."""

from codegym.envs.registration import ENVS, register_envs

__all__ = ["ENVS", "register_envs"]

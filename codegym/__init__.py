"""codegym: reinforcement-learning environments for coding agents.

Example:
    >>> import codegym
    >>> codegym.__version__  # doctest: +ELLIPSIS
    '0...'
"""

from codegym import tasks
from codegym.errors import CodegymError
from codegym.sandbox import ExecResult, Sandbox, SandboxLimits, make_sandbox

__version__ = "0.1.0"

from codegym.envs.registration import register_envs as _register_envs, register_plugin_envs as _register_plugin_envs

_register_envs()
_register_plugin_envs()

__all__ = ["tasks", "CodegymError", "ExecResult", "Sandbox", "SandboxLimits", "__version__", "make_sandbox"]

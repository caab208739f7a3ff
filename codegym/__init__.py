"""codegym: reinforcement-learning environments for coding agents.

Example:
    >>> import codegym
    >>> codegym.__version__  # doctest: +ELLIPSIS
    '0...'
"""

from codegym.errors import CodegymError
from codegym.sandbox import ExecResult, Sandbox, SandboxLimits, make_sandbox

__version__ = "0.1.0"

__all__ = ["CodegymError", "ExecResult", "Sandbox", "SandboxLimits", "__version__", "make_sandbox"]

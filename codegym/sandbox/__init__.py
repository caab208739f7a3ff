"""Sandboxes that run untrusted, model-written code.

``make_sandbox(backend="auto")`` returns a :class:`Sandbox`; backends are plugins of the
``codegym.sandboxes`` entry-point group: ``docker`` (the default, hardened) and
``local`` (a development convenience with no security boundary).
"""

from codegym.sandbox.base import Sandbox, check_relative_path
from codegym.sandbox.factory import make_sandbox, resolve_backend
from codegym.sandbox.limits import SandboxLimits
from codegym.sandbox.result import ExecResult

__all__ = ["ExecResult", "Sandbox", "SandboxLimits", "check_relative_path", "make_sandbox", "resolve_backend"]

"""The one exception tree of codegym.

Every error codegym raises on purpose derives from :class:`CodegymError`, and every
message says what was wrong and what to do about it.

Example:
    >>> from codegym.errors import CodegymError, SandboxError
    >>> issubclass(SandboxError, CodegymError)
    True
"""

from __future__ import annotations


class CodegymError(Exception):
    """Base class of every error codegym raises on purpose."""


class ConfigError(CodegymError, ValueError):
    """A bad argument or setting given by the user (names the argument and a fix)."""


class SandboxError(CodegymError):
    """The sandbox could not do its job (engine down, container died, protocol broken)."""


class EngineUnavailableError(SandboxError):
    """The Docker engine does not answer."""


class ImageMissingError(SandboxError):
    """The sandbox image is not built on this engine."""


class ImageBuildError(SandboxError):
    """Building the sandbox image failed."""


class SandboxPathError(SandboxError, ValueError):
    """A workspace path is absolute, escapes the workspace, or crosses a symlink."""


class SandboxLimitError(ConfigError):
    """A limit (timeout, memory, pids…) is negative, zero where it must not be, or absurd."""


class PluginError(CodegymError):
    """An entry-point plugin is unknown, fails to load, or misbehaves (names the plugin)."""


class TaskError(CodegymError):
    """A task or task source is invalid (names the task, the file and the field)."""


class RewardError(CodegymError):
    """A reward plugin failed while computing its term (names the plugin)."""


class ActionError(CodegymError, ValueError):
    """An agent action is malformed; envs turn it into an observation, never raise it."""

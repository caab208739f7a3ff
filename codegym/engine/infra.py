"""What an env does when the sandbox fails (``on_infra_error=``): raise, retry, or mark the reward invalid.

An *infrastructure* error is the sandbox's failure, not the agent's (engine gone, container
killed, protocol broken). The runner always reruns one on a fresh sandbox first
(:class:`~codegym.engine.runner.TestRunner`); what happens to an error that survives that
rerun is the env's ``on_infra_error``:

``"raise"`` (default)
    raise :class:`~codegym.errors.SandboxError` (:class:`~codegym.errors.EngineUnavailableError`
    when the engine does not answer) out of ``reset``/``step``, saying what to do.
``"retry"``
    retry after ``RETRY_DELAYS_S`` (1, 2, 4 s), then raise as ``"raise"`` does.
``"mark_invalid"``
    go on: the reward is 0 with ``info["reward_valid"] == False``, one
    :class:`InvalidRewardWarning` per invalid episode, and ``info["invalid_episodes"]``
    counts them (long training runs that must survive a flaky engine).

Whatever the option, the first ``reset`` of an env raises when no sandbox can be opened:
an env that never had a sandbox is misconfigured, not unlucky.

Example:
    >>> check_on_infra_error("retry")
    'retry'
    >>> check_on_infra_error("ignore")  # doctest: +IGNORE_EXCEPTION_DETAIL
    Traceback (most recent call last):
    codegym.errors.ConfigError: on_infra_error must be one of ...
"""

from __future__ import annotations

import warnings

from codegym.errors import ConfigError, SandboxError

ON_INFRA_ERROR: tuple[str, ...] = ("raise", "retry", "mark_invalid")
DEFAULT_ON_INFRA_ERROR = "raise"
#: Seconds to wait before each retry of ``on_infra_error="retry"`` (one retry per entry).
RETRY_DELAYS_S: tuple[float, ...] = (1.0, 2.0, 4.0)

CHECK_ENGINE = "check the Docker engine (`docker info`, `codegym doctor`)"
MARK_INVALID_HINT = ("on_infra_error='mark_invalid' to go on with the reward marked invalid (info['reward_valid'] "
                     "False; for long training runs)")
WHAT_TO_DO = f"{CHECK_ENGINE}; pass on_infra_error='retry' to retry with backoff, or {MARK_INVALID_HINT}"


class InvalidRewardWarning(RuntimeWarning):
    """An episode's reward says nothing about the agent (issued once per such episode)."""


def check_on_infra_error(value: object) -> str:
    """``value`` when it is one of :data:`ON_INFRA_ERROR`, else a :class:`ConfigError` naming them."""
    if not isinstance(value, str) or value not in ON_INFRA_ERROR:
        raise ConfigError(
            f"on_infra_error must be one of {list(ON_INFRA_ERROR)}, got {value!r}: 'raise' (the default) stops at "
            "a sandbox failure that survives one rerun, 'retry' retries it with backoff first, 'mark_invalid' "
            "pays 0 with info['reward_valid'] False and warns once per such episode")
    return value


def infra_exception(what: str, detail: str, cause: BaseException | None = None, retried: bool = False) -> SandboxError:
    """The error raised for an infrastructure failure no policy tolerates: ``cause``'s class when
    it is a :class:`SandboxError` (e.g. :class:`EngineUnavailableError`), else SandboxError.

    Example:
        >>> from codegym.errors import EngineUnavailableError
        >>> type(infra_exception("the test run", "engine gone", EngineUnavailableError("x"))).__name__
        'EngineUnavailableError'
    """
    todo = f"{CHECK_ENGINE}; or pass {MARK_INVALID_HINT}" if retried else WHAT_TO_DO
    message = f"{what} failed on the sandbox's side, not the agent's ({detail}); {todo}"
    if isinstance(cause, SandboxError):
        try:
            return type(cause)(message)
        except TypeError:  # a subclass with another constructor
            pass
    return SandboxError(message)


def warn_invalid_episode(task_id: str, reason: str, count: int) -> None:
    """One warning line for one episode whose reward is invalid (``count``: invalid episodes so far)."""
    warnings.warn(f"codegym: the episode of {task_id} has an invalid reward ({reason}); {count} invalid "
                  f"episode(s) so far in this env (info['invalid_episodes']). Its reward says nothing about the agent: "
                  f"{CHECK_ENGINE}",
                  InvalidRewardWarning, stacklevel=3)

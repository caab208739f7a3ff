"""The outcome of one sandbox job."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class ExecResult:
    """What a job did.

    ``infra_error`` is True when the *sandbox* failed (engine gone, container died,
    protocol broken) — then nothing is known about the program, and ``infra_message``
    says why. The program's own failures show in ``exit_code``, ``timed_out`` and ``oom``.
    ``report`` is what a ``run_python(..., report_channel=True)`` job wrote to fd 3
    (never its stdout or stderr); ``report_truncated`` says it hit its cap.

    Example:
        >>> r = ExecResult(stdout="1\\n", stderr="", exit_code=0, duration_s=0.003)
        >>> r.ok
        True
    """

    stdout: str
    stderr: str
    exit_code: int
    duration_s: float
    timed_out: bool = False
    oom: bool = False
    truncated: bool = False
    infra_error: bool = False
    infra_message: str = ""
    report: str = ""
    report_truncated: bool = False

    @property
    def ok(self) -> bool:
        """The job ran to completion and exited 0."""
        return self.exit_code == 0 and not (self.timed_out or self.oom or self.infra_error)

    @classmethod
    def infra_failure(cls, message: str, duration_s: float = 0.0) -> "ExecResult":
        """A result standing for a sandbox failure, not a program failure."""
        return cls(stdout="", stderr="", exit_code=-1, duration_s=duration_s, infra_error=True, infra_message=message)

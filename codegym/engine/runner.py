"""The episode's sandbox lease and its test runs: content-memoised, infra errors rerun once.

An infra error that survives the rerun is handled as ``on_infra_error`` says
(:mod:`codegym.engine.infra`): raised (the default), retried with backoff, or returned
as an infra-error result (``"mark_invalid"``).

Example:
    >>> runner = TestRunner("auto")  # doctest: +SKIP
    >>> runner.run(files, task.visible_tests, per_test_timeout=10).summary()  # doctest: +SKIP
    {'passed': 3, 'failed': 0, 'total': 3}
"""

from __future__ import annotations

import hashlib
import time
from collections import OrderedDict
from typing import Callable, Mapping, TypeVar

from codegym.engine import infra
from codegym.errors import CodegymError, ConfigError, SandboxError
from codegym.sandbox import ExecResult, Sandbox, make_sandbox
from codegym.sandbox.factory import check_backend
from codegym.verdict import TestReport, run_tests
from codegym.verdict.store import ReportStore, report_key, store_enabled

_REPORT_CACHE: "OrderedDict[str, TestReport]" = OrderedDict()
Result = TypeVar("Result")
REPORT_CACHE_SIZE = 4096


def content_key(files: Mapping[str, str], tests: Mapping[str, str]) -> str:
    """sha256 over both groups with every field framed: each group is prefixed by its number
    of files and each name and content by its byte length, so no name or content (a NUL,
    say) can fake a file or group boundary and share another state's key.

    Example:
        >>> content_key({"a": "1"}, {}) == content_key({"a": "1"}, {})
        True
    """
    digest = hashlib.sha256()
    for group in (files, tests):
        digest.update(len(group).to_bytes(8, "big"))
        for name in sorted(group):
            for field in (name, group[name]):
                data = field.encode("utf-8", "surrogatepass")
                digest.update(len(data).to_bytes(8, "big") + data)
    return digest.hexdigest()


def _store(setting: "ReportStore | bool | None") -> "ReportStore | None":
    """The report store a runner uses: an explicit one, the default one (``True``, or ``None``
    unless ``CODEGYM_REPORT_STORE=off``), or none (``False``)."""
    if isinstance(setting, ReportStore):
        return setting
    if setting is False or (setting is None and not store_enabled()):
        return None
    if setting not in (True, None):
        raise ConfigError(f"report_store= must be True, False, None or a ReportStore, got {setting!r}")
    if not _DEFAULT_STORE:
        _DEFAULT_STORE.append(ReportStore())
    return _DEFAULT_STORE[0]


_DEFAULT_STORE: "list[ReportStore]" = []


def clear_report_cache() -> None:
    """Forget every memoised report (for tests and benchmarks)."""
    _REPORT_CACHE.clear()


class TestRunner:
    """Owns one sandbox (opened on first use, so each vector-env worker opens its own) and runs tests in it.

    A backend name is checked at construction (an unknown one is a :class:`PluginError`, as in
    :func:`~codegym.sandbox.make_sandbox`), but nothing is opened and no engine is contacted
    until :meth:`acquire` (the engine's reset) or the first run.
    """

    __test__ = False  # not a pytest test class

    def __init__(self, sandbox: str | Sandbox = "auto", test_timeout_s: float | None = None,
                 report_store: ReportStore | bool | None = None,
                 on_infra_error: str = infra.DEFAULT_ON_INFRA_ERROR) -> None:
        if not isinstance(sandbox, (str, Sandbox)):
            raise ConfigError(f"sandbox= must be a backend name or an open Sandbox, got {type(sandbox).__name__}")
        if isinstance(sandbox, str):
            check_backend(sandbox)
        self.spec = sandbox
        self.on_infra_error = infra.check_on_infra_error(on_infra_error)
        self._sandbox: Sandbox | None = sandbox if isinstance(sandbox, Sandbox) else None
        self.test_timeout = float(test_timeout_s or 120.0)
        self.store = _store(report_store)
        self.opened = self._sandbox is not None  # a sandbox has been had at least once
        self._cause: BaseException | None = None  # the exception behind the latest infra error

    @property
    def sandbox(self) -> Sandbox:
        """The sandbox, opened on first use and reopened after it closed (when owned)."""
        if self._sandbox is None or (self._sandbox.closed and isinstance(self.spec, str)):
            self._sandbox = make_sandbox(self.spec)
            self.opened = True
        return self._sandbox

    @property
    def owns_sandbox(self) -> bool:
        return isinstance(self.spec, str)

    def acquire(self) -> Sandbox | None:
        """Have the sandbox open now (the engine calls it at reset; cheap once open).

        A sandbox that cannot be opened raises what ``make_sandbox`` raises
        (:class:`~codegym.errors.EngineUnavailableError` when the engine does not answer),
        after the retries of ``on_infra_error="retry"``. With ``"mark_invalid"`` it is None
        instead, once a sandbox has been had (the episode's runs then report the failure);
        the very first acquire always raises.
        """
        try:
            return self._with_policy(self._open, lambda _: False, "opening the sandbox", opening=True)
        except SandboxError:
            if self.on_infra_error == "mark_invalid" and self.opened:
                return None
            raise

    def _open(self) -> Sandbox:
        sandbox = self.sandbox
        if sandbox.closed:  # only a sandbox given by the user is not reopened
            raise SandboxError("the sandbox given as sandbox= is closed or dead; pass an open Sandbox, or a backend "
                               "name such as 'docker' so that the env opens (and reopens) its own")
        return sandbox

    def close(self) -> None:
        """Close the sandbox when this runner opened it (a sandbox given by the user stays open)."""
        if self._sandbox is not None and self.owns_sandbox:
            self._sandbox.close()
        self._sandbox = None if self.owns_sandbox else self._sandbox

    def run(self, files: Mapping[str, str], tests: Mapping[str, str], *, per_test_timeout: float,
            cache: bool = True) -> TestReport:
        """Run ``tests`` against ``files`` in an emptied workspace.

        Runs are memoised by content (RL revisits states): in this process, and across
        processes in the on-disk report store (:mod:`codegym.verdict.store`; its key adds
        the per-test limit, the harness and the sandbox's identity). ``cache=False`` (the
        verdict run) always runs afresh. Infra failures and timeouts are never cached; one
        that survives the rerun on a fresh sandbox is raised unless ``on_infra_error`` is
        ``"mark_invalid"``.
        """
        key = content_key(files, tests) if cache else None
        if key is not None and key in _REPORT_CACHE:
            _REPORT_CACHE.move_to_end(key)
            return _REPORT_CACHE[key]
        stored_key = None
        if key is not None and self.store is not None:
            try:
                stored_key = report_key(files, tests, per_test_timeout=per_test_timeout,
                                        environment=self.sandbox.identity)
            except (SandboxError, CodegymError):
                stored_key = None  # no sandbox: the run below reports the failure
            found = self.store.get(stored_key) if stored_key is not None else None
            if found is not None:
                _REPORT_CACHE[key] = found
                return found
        report = self._with_policy(lambda: self._judged_run(files, tests, per_test_timeout),
                                   lambda r: r.infra_error, "the test run")
        if stored_key is not None:
            self.store.put(stored_key, report)
        if key is not None and not report.infra_error and not report.timed_out:
            _REPORT_CACHE[key] = report
            while len(_REPORT_CACHE) > REPORT_CACHE_SIZE:
                _REPORT_CACHE.popitem(last=False)
        return report

    def _with_policy(self, attempt: Callable[[], Result], failed: Callable[[Result], bool], what: str,
                     opening: bool = False) -> Result:
        """``attempt()`` under ``on_infra_error``: its result when it did not fail (or when failures are
        marked invalid), else retried after each of ``infra.RETRY_DELAYS_S`` ("retry"), then raised.
        ``opening``: ``attempt`` opens the sandbox, and the SandboxError it raises is its failure."""
        retries = infra.RETRY_DELAYS_S if self.on_infra_error == "retry" else ()
        result: Result | None = None
        for number, delay in enumerate((0.0, *retries)):
            if number:
                time.sleep(delay)
                self._discard()
            self._cause = None
            try:
                result = attempt()
            except SandboxError as exc:
                if not opening or self.on_infra_error == "mark_invalid":
                    raise
                self._cause, result = exc, None
                continue
            if not failed(result) or self.on_infra_error == "mark_invalid":
                return result
        if result is None and not retries:
            raise self._cause  # what make_sandbox raised, unchanged
        detail = str(self._cause) if result is None else (getattr(result, "error", "") or
                                                          getattr(result, "infra_message", ""))
        if result is not None and self._cause is not None and str(self._cause) not in detail:
            detail += f"; then {type(self._cause).__name__}: {self._cause}"
        tries = f" ({1 + len(retries)} tries)" if retries else ""
        raise infra.infra_exception(what + tries, detail, self._cause, retried=bool(retries)) from self._cause

    def _discard(self) -> None:
        """Close an owned sandbox so that the next use opens a fresh one."""
        if self.owns_sandbox and self._sandbox is not None:
            try:
                self._sandbox.close()
            except Exception:
                pass
            self._sandbox = None

    def _judged_run(self, files: Mapping[str, str], tests: Mapping[str, str], per_test_timeout: float) -> TestReport:
        report = self._once(files, tests, per_test_timeout)
        if report.infra_error:
            report = self._rerun_after_infra_error(files, tests, per_test_timeout, report)
        return report

    def _once(self, files: Mapping[str, str], tests: Mapping[str, str], per_test_timeout: float) -> TestReport:
        try:
            return run_tests(self.sandbox, files, tests, timeout=self.test_timeout, per_test_timeout=per_test_timeout)
        except (SandboxError, CodegymError) as exc:
            self._cause = exc
            return TestReport(infra_error=True, error=f"sandbox failure: {exc}")

    def _fresh_and_healthy(self) -> bool:
        """Reopen an owned sandbox and check that it runs ``print(1)``."""
        if self.owns_sandbox and self._sandbox is not None:
            self._sandbox.close()
        try:
            return self.sandbox.run_python("print(1)", timeout=30).ok
        except (SandboxError, CodegymError) as exc:
            self._cause = exc
            return False

    def _rerun_after_infra_error(self, files: Mapping[str, str], tests: Mapping[str, str], per_test_timeout: float,
                                 first: TestReport) -> TestReport:
        """An infra error is never the agent's reward: rerun once on a fresh sandbox. If
        that sandbox is healthy and the same files break it again, the agent's code did
        it, and the run is judged as failed (breaking the sandbox never pays more than
        failing). Only when no healthy sandbox can be had does the error stand."""
        if not self._fresh_and_healthy():
            return first
        second = self._once(files, tests, per_test_timeout)
        if not second.infra_error:
            return second
        return TestReport(error=f"the solution broke the sandbox twice ({second.error}); judged as failed",
                          collect_errors=("the test run could not complete",))

    def run_python(self, files: Mapping[str, str], code: str, timeout: float) -> ExecResult:
        """Run ``code`` next to ``files`` in an emptied workspace.

        A sandbox failure is rerun once on a fresh sandbox, as test runs are: a healthy
        sandbox broken again by the same code is the code's failed run (exit code -1);
        only when no healthy sandbox can be had is it an infra-error result (``"mark_invalid"``)
        or raised.
        """
        return self._with_policy(lambda: self._judged_python(files, code, timeout),
                                 lambda r: r.infra_error, "run_python")

    def _judged_python(self, files: Mapping[str, str], code: str, timeout: float) -> ExecResult:
        first = self._python_once(files, code, timeout)
        if not first.infra_error or not self._fresh_and_healthy():
            return first
        second = self._python_once(files, code, timeout)
        if not second.infra_error:
            return second
        return ExecResult(stdout=second.stdout, stderr=f"the code broke the sandbox twice ({second.infra_message}); "
                          "judged as a failed run", exit_code=-1, duration_s=second.duration_s)

    def _python_once(self, files: Mapping[str, str], code: str, timeout: float) -> ExecResult:
        try:
            return self.sandbox.run_python_on(dict(files), code, timeout=timeout)
        except (SandboxError, CodegymError) as exc:
            self._cause = exc
            return ExecResult.infra_failure(f"{type(exc).__name__}: {exc}")

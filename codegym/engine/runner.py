"""The episode's sandbox lease and its test runs: content-memoised, infra errors rerun once.

Example:
    >>> runner = TestRunner("auto")  # doctest: +SKIP
    >>> runner.run(files, task.visible_tests, per_test_timeout=10).summary()  # doctest: +SKIP
    {'passed': 3, 'failed': 0, 'total': 3}
"""

from __future__ import annotations

import hashlib
from collections import OrderedDict
from typing import Mapping

from codegym.errors import CodegymError, ConfigError, SandboxError
from codegym.sandbox import ExecResult, Sandbox, make_sandbox
from codegym.verdict import TestReport, run_tests
from codegym.verdict.store import ReportStore, report_key, store_enabled

_REPORT_CACHE: "OrderedDict[str, TestReport]" = OrderedDict()
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
    """Owns one sandbox (opened on first use, so each vector-env worker opens its own) and runs tests in it."""

    __test__ = False  # not a pytest test class

    def __init__(self, sandbox: str | Sandbox = "auto", test_timeout_s: float | None = None,
                 report_store: ReportStore | bool | None = None) -> None:
        if not isinstance(sandbox, (str, Sandbox)):
            raise ConfigError(f"sandbox= must be a backend name or an open Sandbox, got {type(sandbox).__name__}")
        self.spec = sandbox
        self._sandbox: Sandbox | None = sandbox if isinstance(sandbox, Sandbox) else None
        self.test_timeout = float(test_timeout_s or 120.0)
        self.store = _store(report_store)

    @property
    def sandbox(self) -> Sandbox:
        """The sandbox, opened on first use and reopened after it closed (when owned)."""
        if self._sandbox is None or (self._sandbox.closed and isinstance(self.spec, str)):
            self._sandbox = make_sandbox(self.spec)
        return self._sandbox

    @property
    def owns_sandbox(self) -> bool:
        return isinstance(self.spec, str)

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
        verdict run) always runs afresh. Infra failures and timeouts are never cached.
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
        report = self._once(files, tests, per_test_timeout)
        if report.infra_error:
            report = self._rerun_after_infra_error(files, tests, per_test_timeout, report)
        if stored_key is not None:
            self.store.put(stored_key, report)
        if key is not None and not report.infra_error and not report.timed_out:
            _REPORT_CACHE[key] = report
            while len(_REPORT_CACHE) > REPORT_CACHE_SIZE:
                _REPORT_CACHE.popitem(last=False)
        return report

    def _once(self, files: Mapping[str, str], tests: Mapping[str, str], per_test_timeout: float) -> TestReport:
        try:
            return run_tests(self.sandbox, files, tests, timeout=self.test_timeout, per_test_timeout=per_test_timeout)
        except (SandboxError, CodegymError) as exc:
            return TestReport(infra_error=True, error=f"sandbox failure: {exc}")

    def _rerun_after_infra_error(self, files: Mapping[str, str], tests: Mapping[str, str], per_test_timeout: float,
                                 first: TestReport) -> TestReport:
        """An infra error is never the agent's reward: rerun once on a fresh sandbox. If
        that sandbox is healthy and the same files break it again, the agent's code did
        it, and the run is judged as failed (breaking the sandbox never pays more than
        failing). Only when no healthy sandbox can be had does the error stand."""
        if self.owns_sandbox and self._sandbox is not None:
            self._sandbox.close()
        try:
            healthy = self.sandbox.run_python("print(1)", timeout=30).ok
        except (SandboxError, CodegymError):
            healthy = False
        if not healthy:
            return first
        second = self._once(files, tests, per_test_timeout)
        if not second.infra_error:
            return second
        return TestReport(error=f"the solution broke the sandbox twice ({second.error}); judged as failed",
                          collect_errors=("the test run could not complete",))

    def run_python(self, files: Mapping[str, str], code: str, timeout: float) -> ExecResult:
        """Run ``code`` next to ``files`` in an emptied workspace; sandbox failures are results, never raised."""
        try:
            sandbox = self.sandbox
            sandbox.reset(clear_snapshot=True)
            sandbox.write_files(dict(files))
            return sandbox.run_python(code, timeout=timeout)
        except (SandboxError, CodegymError) as exc:
            return ExecResult.infra_failure(f"{type(exc).__name__}: {exc}")

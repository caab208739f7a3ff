"""A content-addressed store of test reports on disk, shared by every env process on the machine.

RL revisits the same (task, files) states constantly, across episodes, envs and
processes. A report is stored under a key that frames everything that determines it:
the solution files, the tests, the per-test limit, the harness (judge and worker
sources) and the sandbox environment (backend, image, limits). The store is a SQLite
file in WAL mode under the host's cache directory — sandboxed code never sees the host
filesystem, so it cannot write there.

What is never stored: infrastructure failures, runs that timed out (whole or per test:
their outcome depends on the machine's load), runs whose exit status was not a clean
pass/fail. Verdict runs do not read the store (the engine runs them afresh).

Switch: ``CODEGYM_REPORT_STORE=off`` (or ``0``/``false``) disables it; ``CODEGYM_CACHE``
moves it (default ``~/.cache/codegym``).

Example:
    >>> import tempfile, os
    >>> store = ReportStore(os.path.join(tempfile.mkdtemp(), "reports.sqlite"))
    >>> key = report_key({"solution.py": "x = 1"}, {"test_x.py": "..."}, per_test_timeout=2.0, environment="e")
    >>> store.put(key, TestReport(outcomes={"t": "passed"}))
    True
    >>> store.get(key).outcomes
    {'t': 'passed'}
"""

from __future__ import annotations

import hashlib
import json
import os
import sqlite3
import threading
from dataclasses import asdict, fields
from pathlib import Path
from typing import Mapping

from codegym.verdict.report import TestReport

#: Bump when the stored encoding or the meaning of a report changes.
STORE_VERSION = "1"
_TIMEOUT_MARK = "(test timed out)"
_OFF = ("0", "off", "false", "no")


def _frame(digest: "hashlib._Hash", text: str) -> None:
    data = text.encode("utf-8", "surrogatepass")
    digest.update(len(data).to_bytes(8, "big") + data)


def report_key(files: Mapping[str, str], tests: Mapping[str, str], *, per_test_timeout: float,
               environment: str, harness: str = "") -> str:
    """sha256 over every input of a run, each field length-framed (no two states share a key).

    ``environment`` names the sandbox (backend, image, limits); ``harness`` the judge's
    sources (default: the installed harness and worker).
    """
    if not harness:
        harness = harness_digest()
    digest = hashlib.sha256()
    for field in (STORE_VERSION, harness, environment, repr(float(per_test_timeout))):
        _frame(digest, field)
    for group in (files, tests):
        digest.update(len(group).to_bytes(8, "big"))
        for name in sorted(group):
            _frame(digest, name)
            _frame(digest, group[name])
    return digest.hexdigest()


_HARNESS: list[str] = []


def harness_digest() -> str:
    """sha256 of the sources sent into the sandbox (judge and worker)."""
    if not _HARNESS:
        from codegym.verdict.run import harness_source, worker_source

        _HARNESS.append(hashlib.sha256((harness_source() + "\0" + worker_source()).encode()).hexdigest())
    return _HARNESS[0]


def cacheable(report: TestReport) -> bool:
    """True when the report is a deterministic outcome worth reusing (see the module docstring)."""
    if report.infra_error or report.timed_out or report.exit_code not in (0, 1) or not report.outcomes:
        return False
    return not any(_TIMEOUT_MARK in message for message in report.messages.values())


def _encode(report: TestReport) -> str:
    data = asdict(report)
    data["outcomes"], data["messages"] = dict(report.outcomes), dict(report.messages)
    data["collect_errors"] = list(report.collect_errors)
    return json.dumps(data, ensure_ascii=True)


def _decode(text: str) -> TestReport | None:
    try:
        data = json.loads(text)
        known = {f.name for f in fields(TestReport)}
        if not isinstance(data, dict) or set(data) - known:
            return None
        data["collect_errors"] = tuple(data.get("collect_errors", ()))
        return TestReport(**data)
    except (ValueError, TypeError):
        return None


def default_path() -> Path:
    """``$CODEGYM_CACHE/reports.sqlite`` (default ``~/.cache/codegym/reports.sqlite``)."""
    root = os.environ.get("CODEGYM_CACHE") or os.path.join(os.path.expanduser("~"), ".cache", "codegym")
    return Path(root) / "reports.sqlite"


def store_enabled() -> bool:
    """False when ``CODEGYM_REPORT_STORE`` switches the store off."""
    return os.environ.get("CODEGYM_REPORT_STORE", "on").strip().lower() not in _OFF


class ReportStore:
    """Reports by key in one SQLite file (WAL: many readers and one writer at a time, across processes)."""

    def __init__(self, path: str | os.PathLike | None = None) -> None:
        self.path = Path(path) if path is not None else default_path()
        self.path.parent.mkdir(parents=True, exist_ok=True)
        self._local = threading.local()
        self.hits = self.misses = self.writes = 0

    def _db(self) -> sqlite3.Connection:
        db = getattr(self._local, "db", None)
        if db is None:
            db = sqlite3.connect(self.path, timeout=30.0, isolation_level=None)
            db.execute("PRAGMA journal_mode=WAL")
            db.execute("PRAGMA synchronous=NORMAL")
            db.execute("CREATE TABLE IF NOT EXISTS reports (key TEXT PRIMARY KEY, report TEXT NOT NULL)")
            self._local.db = db
        return db

    def get(self, key: str) -> TestReport | None:
        """The stored report for ``key``, or None (a row that does not decode counts as absent)."""
        try:
            row = self._db().execute("SELECT report FROM reports WHERE key = ?", (key,)).fetchone()
        except sqlite3.Error:
            row = None
        report = _decode(row[0]) if row else None
        if report is None:
            self.misses += 1
        else:
            self.hits += 1
        return report

    def put(self, key: str, report: TestReport) -> bool:
        """Store ``report`` if :func:`cacheable`; True when it was written."""
        if not cacheable(report):
            return False
        try:
            self._db().execute("INSERT OR REPLACE INTO reports (key, report) VALUES (?, ?)", (key, _encode(report)))
        except sqlite3.Error:
            return False  # a busy or read-only store only costs speed
        self.writes += 1
        return True

    def __len__(self) -> int:
        return int(self._db().execute("SELECT COUNT(*) FROM reports").fetchone()[0])

    def clear(self) -> None:
        """Delete every stored report."""
        self._db().execute("DELETE FROM reports")

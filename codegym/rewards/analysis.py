"""Cached code analyses shared by the reward plugins: radon, bandit and tree-sitter.

Every function here takes one file's source, is cached by content hash in
:mod:`codegym.rewards.cache` and returns immutable values, so plugins can call them
every step: unchanged code is analysed once.

Example:
    >>> m = radon_metrics("def f(x):\\n    return x if x else 0\\n")
    >>> m.ok, m.mean_cc, m.sloc
    (True, 2.0, 2)
    >>> [issue.test_id for issue in bandit_issues("x = eval(input())\\n")]
    ['B307']
"""

from __future__ import annotations

import io
import logging
import math
import os
import tempfile
import threading
import warnings
from dataclasses import dataclass
from typing import Iterable

from codegym.rewards import cache

# ---------------------------------------------------------------- tree-sitter


def syntax_issues(source: str) -> tuple[str, ...]:
    """Syntax errors found by tree-sitter (``"line L, column C: message"``); () when valid."""

    def compute(text: str) -> tuple[str, ...]:
        from codegym.code.parsing import syntax_errors

        return tuple(str(issue) for issue in syntax_errors(text))

    return cache.cached("syntax", source, compute)


# ---------------------------------------------------------------- radon


@dataclass(frozen=True)
class RadonMetrics:
    """Radon's view of one file. ``ok`` is False (and ``error`` says why) when it does not parse.

    ``blocks`` are ``(name, line, cyclomatic complexity)`` of every function and method,
    plus ``<module>`` when module-level code has branches of its own.
    """

    ok: bool
    error: str = ""
    blocks: tuple[tuple[str, int, int], ...] = ()
    mi: float = 100.0
    sloc: int = 0
    lloc: int = 0
    loc: int = 0
    comments: int = 0

    @property
    def mean_cc(self) -> float:
        return sum(b[2] for b in self.blocks) / len(self.blocks) if self.blocks else 1.0

    @property
    def max_cc(self) -> int:
        return max((b[2] for b in self.blocks), default=1)

    def as_dict(self) -> dict:
        return {"mean_cc": round(self.mean_cc, 3), "max_cc": self.max_cc, "mi": round(self.mi, 3), "sloc": self.sloc,
                "lloc": self.lloc, "functions": len(self.blocks)}


def _radon(source: str) -> RadonMetrics:
    from radon.complexity import cc_visit
    from radon.metrics import mi_visit
    from radon.raw import analyze
    from radon.visitors import ComplexityVisitor, Function

    try:
        blocks = [(b.fullname, b.lineno, b.complexity) for b in cc_visit(source) if isinstance(b, Function)]
        module_cc = ComplexityVisitor.from_code(source).complexity
        if module_cc > 1 or not blocks:
            blocks.append(("<module>", 1, module_cc))
        mi = float(mi_visit(source, True))
        raw = analyze(source)
    except (SyntaxError, ValueError, RecursionError, MemoryError) as exc:
        return RadonMetrics(ok=False, error=f"{type(exc).__name__}: {exc}")
    if not math.isfinite(mi):
        mi = 100.0
    return RadonMetrics(ok=True, blocks=tuple(blocks), mi=mi, sloc=raw.sloc, lloc=raw.lloc, loc=raw.loc,
                        comments=raw.comments)


def radon_metrics(source: str) -> RadonMetrics:
    """Cyclomatic complexity (``cc_visit``), maintainability index (``mi_visit``) and raw metrics (``analyze``)."""
    return cache.cached("radon", source, _radon)


@dataclass(frozen=True)
class AggregateMetrics:
    """Metrics of several files together: mean CC over all blocks, SLOC-weighted MI, total SLOC."""

    mean_cc: float
    max_cc: int
    mi: float
    sloc: int
    functions: int

    def as_dict(self) -> dict:
        return {"mean_cc": round(self.mean_cc, 3), "max_cc": self.max_cc, "mi": round(self.mi, 3), "sloc": self.sloc,
                "functions": self.functions}


def aggregate(metrics: Iterable[RadonMetrics]) -> AggregateMetrics:
    """Combine the metrics of the files of one solution (files that failed to parse are skipped)."""
    good = [m for m in metrics if m.ok]
    blocks = [b for m in good for b in m.blocks]
    sloc = sum(m.sloc for m in good)
    weights = [max(m.sloc, 1) for m in good]
    mi = sum(m.mi * w for m, w in zip(good, weights)) / sum(weights) if good else 100.0
    return AggregateMetrics(
        mean_cc=sum(b[2] for b in blocks) / len(blocks) if blocks else 1.0,
        max_cc=max((b[2] for b in blocks), default=1),
        mi=mi,
        sloc=sloc,
        functions=len(blocks),
    )


# ---------------------------------------------------------------- bandit


@dataclass(frozen=True)
class BanditIssue:
    """One bandit finding (the file name is added by the caller: results are shared by content)."""

    test_id: str
    test_name: str
    severity: str
    confidence: str
    line: int
    col: int
    text: str
    cwe: int | None

    def as_dict(self, path: str | None = None) -> dict:
        data = {"test_id": self.test_id, "test": self.test_name, "severity": self.severity,
                "confidence": self.confidence, "line": self.line, "col": self.col, "text": self.text, "cwe": self.cwe}
        return {"path": path, **data} if path is not None else data


@dataclass(frozen=True)
class BanditScan:
    """Bandit's findings for one file; ``skipped`` holds bandit's reason when it could not scan it."""

    issues: tuple[BanditIssue, ...] = ()
    skipped: str = ""


_bandit_lock = threading.Lock()
_bandit_config = None


def _quiet_bandit():
    """Silence bandit's loggers (warnings such as 'Unable to find qualified name') for the scan."""

    class _Quiet:
        def __enter__(self):
            self.saved = []
            for name in ("bandit", "stevedore"):
                logger = logging.getLogger(name)
                self.saved.append((logger, logger.level, logger.propagate, logger.disabled))
                logger.setLevel(logging.CRITICAL + 1)  # child loggers (bandit.core.*) inherit it
            return self

        def __exit__(self, *exc_info):
            for logger, level, propagate, disabled in self.saved:
                logger.setLevel(level)
                logger.propagate = propagate
                logger.disabled = disabled

    return _Quiet()


def _bandit_scan(source: str, skip: tuple[str, ...]) -> BanditScan:
    global _bandit_config
    fname = "./solution.py"  # a path with a folder, so bandit can name the module
    # bandit keeps module-level state (one scan at a time) and its plugin loader warns about
    # deprecated stevedore arguments: keep both out of the caller's way
    with _bandit_lock, _quiet_bandit(), warnings.catch_warnings():
        warnings.simplefilter("ignore")
        from bandit.core import config as b_config
        from bandit.core import manager as b_manager

        if _bandit_config is None:
            _bandit_config = b_config.BanditConfig()
        profile = {"include": set(), "exclude": set(skip)}
        manager = b_manager.BanditManager(_bandit_config, "file", quiet=True, profile=profile)
        data = source.encode("utf-8", "surrogatepass")
        if hasattr(manager, "_parse_file"):  # in memory: no temp file
            manager.files_list = [fname]
            manager._parse_file(fname, io.BytesIO(data), list(manager.files_list))
            manager.metrics.aggregate()
        else:  # pragma: no cover - a future bandit without the in-memory hook
            with tempfile.TemporaryDirectory(prefix="codegym-bandit-") as tmp:
                path = os.path.join(tmp, fname)
                with open(path, "wb") as fh:
                    fh.write(data)
                manager.discover_files([path])
                manager.run_tests()
        issues = []
        for found in manager.get_issue_list():
            if found.test_id in skip:
                continue
            cwe = getattr(getattr(found, "cwe", None), "id", None)
            issues.append(BanditIssue(
                test_id=str(found.test_id), test_name=str(found.test), severity=str(found.severity),
                confidence=str(found.confidence), line=int(found.lineno), col=int(getattr(found, "col_offset", 0) or 0),
                text=str(found.text), cwe=int(cwe) if cwe else None,
            ))
        skipped = "; ".join(str(reason) for _, reason in manager.get_skipped())
    issues.sort(key=lambda i: (i.line, i.col, i.test_id))
    return BanditScan(issues=tuple(issues), skipped=skipped)


def bandit_scan(source: str, skip: Iterable[str] = ()) -> BanditScan:
    """Run bandit in-process on one file's source (tests in ``skip``, e.g. ``B101``, are left out)."""
    skip_ids = tuple(sorted(set(skip)))
    key = cache.kind("bandit", skip=list(skip_ids)) if skip_ids else "bandit"
    return cache.cached(key, source, lambda text: _bandit_scan(text, skip_ids))


def bandit_issues(source: str, skip: Iterable[str] = ()) -> tuple[BanditIssue, ...]:
    """The issues of :func:`bandit_scan`."""
    return bandit_scan(source, skip).issues

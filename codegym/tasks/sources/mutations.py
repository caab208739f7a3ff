"""Repair tasks made by injecting bugs into correct programs.

Each base task's reference is mutated with tree-sitter-located operators (see
:mod:`codegym.code.mutations`); difficulty grows with the number of bugs. With
``verify=True`` (the default) every candidate is run in the sandbox: only mutants that
really fail a hidden test are kept (equivalent mutants are discarded), and the recorded
restoring edits must give back the reference exactly. Verified sets are cached on disk
by a hash of everything that determines them, so a second load is instant.

Example:
    >>> import codegym.tasks
    >>> repairs = codegym.tasks.load("mutations", seed=0)  # doctest: +SKIP
    >>> repairs[0].meta["restoring_edits"][0]["operator"]  # doctest: +SKIP
    'comparison_swap'
"""

from __future__ import annotations

import hashlib
import json
import os
import threading
from concurrent.futures import ThreadPoolExecutor
from dataclasses import asdict
from pathlib import Path
from typing import Mapping

import numpy as np

from codegym.code.mutations import Edit, apply_edits, mutate
from codegym.errors import ConfigError, TaskError
from codegym.tasks.sources.base import TaskSource
from codegym.tasks.model import Task
from codegym.tasks.taskset import TaskSet

#: Bump when the same inputs would give different candidates (2: seeds from framed parts).
GENERATOR_VERSION = "2"


def cache_dir() -> Path:
    root = os.environ.get("CODEGYM_CACHE") or os.path.join(os.path.expanduser("~"), ".cache", "codegym")
    return Path(root) / "mutations"


def shipped_file() -> Path:
    """Verified mutant ids shipped with the task pack, by cache key (so a fresh machine need not verify)."""
    import codegym_tasks

    return Path(codegym_tasks.__file__).with_name("mutations_verified.json")


def shipped_verified_ids() -> dict[str, list[str]]:
    """``{cache key: verified ids}`` as shipped; a key only matches the very same inputs (see ``_key``)."""
    try:
        data = json.loads(shipped_file().read_text(encoding="utf-8"))
        return {str(k): list(v["verified"]) for k, v in data.get("verified", {}).items()}
    except (OSError, ValueError, KeyError, TypeError, AttributeError):
        return {}


def ship_verified_ids(source: "MutationSource") -> Path:
    """Verify ``source``'s mutants afresh and record their ids in :func:`shipped_file` (for the pack's maintainers).

    Example:
        >>> ship_verified_ids(MutationSource())  # doctest: +SKIP
    """
    candidates = source.candidates()
    ids = source.verified_ids(candidates)
    doc = {"about": "Mutant ids of the default mutations source that fail a hidden test, by the source's cache "
                    "key; written by `codegym tasks calibrate mutations --write`.",
           "verified": {source._key(): {"verified": ids, "candidates": len(candidates)}}}
    shipped_file().write_text(json.dumps(doc, indent=0) + "\n", encoding="utf-8")
    return shipped_file()


def _framed(value: object) -> bytes:
    """Canonical JSON of ``value`` as bytes: every string is quoted and escaped, every list
    bracketed, so no field can fake a boundary (``("a:b", "c")`` and ``("a", "b:c")``, or
    ``1`` and ``"1"``, never share an encoding)."""
    return json.dumps(value, ensure_ascii=False, separators=(",", ":")).encode("utf-8", "surrogatepass")


def _stable_seed(*parts: str | int) -> list[int]:
    digest = hashlib.sha256(_framed(list(parts))).digest()
    return [int.from_bytes(digest[i:i + 4], "big") for i in range(0, 16, 4)]


def _solution_file(task: Task) -> str | None:
    python = [p for p in task.reference if p.endswith(".py")]
    return python[0] if len(python) == 1 else None


def make_repair_task(base: Task, path: str, mutated: str, restoring: list[Edit], n_bugs: int, variant: int) -> Task:
    """The repair task for one mutant of ``base``'s reference."""
    statement = (
        f"The file {path} below should satisfy this specification but contains {n_bugs} injected "
        f"bug{'s' if n_bugs > 1 else ''}. Find and fix {'them' if n_bugs > 1 else 'it'}.\n\n{base.statement}"
    )
    return Task(
        id=f"mutations/{base.name}__b{n_bugs}_{variant}",
        statement=statement,
        files={**dict(base.reference), path: mutated},
        visible_tests=base.visible_tests,
        hidden_tests=base.hidden_tests,
        reference=base.reference,
        difficulty=min(5, n_bugs + (base.difficulty - 1) // 2),
        tags=tuple(dict.fromkeys([*base.tags, "bugfix", "mutation", *(e.operator for e in restoring)])),
        entry_points=base.entry_points,
        timeout_s=base.timeout_s,
        memory_mb=base.memory_mb,
        reference_s=base.reference_s,
        meta={
            "base_task": base.id,
            "solution_path": path,
            "n_bugs": n_bugs,
            "restoring_edits": [asdict(e) for e in restoring],
            "bug_lines": sorted({e.line for e in restoring}),
        },
    )


def restoring_edits(task: Task) -> list[Edit]:
    """The edits recorded in a repair task's meta, as Edit objects ([] for another kind of task or malformed meta)."""
    raw = task.meta.get("restoring_edits") if isinstance(task.meta, Mapping) else None
    if not raw:
        return []
    try:
        return [Edit(**entry) for entry in raw]
    except (TypeError, ValueError):
        return []


class MutationSource(TaskSource):
    """Repair tasks from the references of another source (``base``, default ``builtin``)."""

    name = "mutations"
    description = "bug-injection repair tasks generated from a base source with tree-sitter mutation operators"

    def __init__(self, base: str = "builtin", seed: int = 0, max_bugs: int = 3, variants: int = 3,
                 operators: list[str] | None = None, verify: bool = True, backend: str = "auto",
                 workers: int = 2, use_cache: bool = True) -> None:
        if not 1 <= int(max_bugs) <= 5:
            raise ConfigError(f"max_bugs must be 1..5, got {max_bugs}")
        if int(variants) < 1:
            raise ConfigError(f"variants must be >= 1, got {variants}")
        self.base, self.seed, self.max_bugs, self.variants = base, int(seed), int(max_bugs), int(variants)
        self.operators = sorted(operators) if operators else None
        self.verify, self.backend, self.workers, self.use_cache = verify, backend, max(1, int(workers)), use_cache

    # ---- generation
    def candidates(self) -> list[Task]:
        """Every distinct mutant, unverified, in a deterministic order."""
        from codegym import tasks

        found: list[Task] = []
        seen: set[str] = set()
        for base in tasks.load(self.base):
            path = _solution_file(base)
            if path is None:
                continue
            original = base.reference[path]
            for n_bugs in range(1, self.max_bugs + 1):
                for variant in range(self.variants):
                    rng = np.random.default_rng(_stable_seed(self.seed, base.id, n_bugs, variant))
                    try:
                        mutation = mutate(original, rng, n_bugs=n_bugs,
                                          operators=set(self.operators) if self.operators else None)
                    except ConfigError:
                        break  # too few sites for this many bugs
                    if mutation.source in seen or mutation.source == original:
                        continue
                    seen.add(mutation.source)
                    found.append(make_repair_task(base, path, mutation.source, mutation.restoring_edits, n_bugs, variant))
        return found

    def _key(self) -> str:
        from codegym import tasks
        from codegym.code import mutations as module

        inputs = [
            [GENERATOR_VERSION, self.base, self.seed, self.max_bugs, self.variants, self.operators],
            Path(module.__file__).read_text(encoding="utf-8"),
            [[base.id, sorted(base.reference.items()), sorted(base.hidden_tests.items()), base.test_limit_s("hidden")]
             for base in tasks.load(self.base)],
        ]
        return hashlib.sha256(_framed(inputs)).hexdigest()[:20]

    def verified_ids(self, candidates: list[Task]) -> list[str]:
        """Ids of candidates that fail a hidden test and whose restoring edits give back the reference."""
        from codegym.sandbox import make_sandbox
        from codegym.verdict import run_tests

        keep: dict[str, bool] = {}
        local = threading.local()
        sandboxes = []
        lock = threading.Lock()

        def check(task: Task) -> None:
            if not hasattr(local, "sb"):
                local.sb = make_sandbox(self.backend)
                with lock:
                    sandboxes.append(local.sb)
            path = task.meta["solution_path"]
            restored = apply_edits(task.files[path], restoring_edits(task))
            if restored != task.reference[path]:
                keep[task.id] = False
                return
            # Only "does it fail a hidden test?" matters: stop at the first failure. The limit is
            # the verdict's own (fitted to the reference), so "fails" here means fails there.
            report = run_tests(local.sb, {path: task.files[path]}, task.hidden_tests,
                               per_test_timeout=task.test_limit_s("hidden"), stop_at_first_failure=True)
            if report.infra_error:
                raise TaskError(f"{task.id}: the sandbox failed while verifying ({report.error}); retry")
            keep[task.id] = not report.all_passed

        try:
            with ThreadPoolExecutor(self.workers) as pool:
                list(pool.map(check, candidates))
        finally:
            for sb in sandboxes:
                sb.close()
        return [t.id for t in candidates if keep.get(t.id)]

    def load(self) -> TaskSet:
        candidates = self.candidates()
        if not self.verify:
            return TaskSet(candidates, name=self.name)
        cache_file = cache_dir() / f"{self._key()}.json"
        ids: list[str] | None = None
        if self.use_cache and cache_file.is_file():
            try:
                ids = json.loads(cache_file.read_text())["verified"]
            except (ValueError, KeyError, OSError):
                ids = None
        if ids is None and self.use_cache:
            ids = shipped_verified_ids().get(self._key())
        if ids is None:
            ids = self.verified_ids(candidates)
            if self.use_cache:
                cache_file.parent.mkdir(parents=True, exist_ok=True)
                tmp = cache_file.with_suffix(".tmp")
                tmp.write_text(json.dumps({"verified": ids, "candidates": len(candidates)}))
                tmp.replace(cache_file)
        wanted = set(ids)
        return TaskSet([t for t in candidates if t.id in wanted], name=self.name)

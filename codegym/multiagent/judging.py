"""Judging a generated test suite: validity on the reference, the candidate's failures, mutants killed.

Every run goes through the trusted harness (``run_tests``) in the sandbox. A test is
*valid* only if the reference passes it in two separate runs (same module and file
names as the candidate's run, so a test cannot tell which one it runs). Duplicates
are dropped first and count for nothing. Invalid tests never reach the candidate or
the mutants.

Menu suites (tests picked from a pool judged once per task) use :func:`pool_failures`
and :func:`judge_pool`: each program runs the whole pool once (memoised by content by
the caller), and a suite's outcome is read off those per-test failures.

Example:
    >>> judge_pool([0, 2, 2], frozenset({2}), [frozenset({1}), frozenset({0})]).killed
    1
    >>> j = SuiteJudgement(valid=(0,), invalid=(1,), duplicates=0, candidate_failed=(), candidate_pass=1.0,
    ...                    killed=0, pool=3)
    >>> j.candidate_fails
    False
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from typing import Any, Mapping, Sequence

import numpy as np

from codegym.code.mutations import mutate
from codegym.errors import ConfigError
from codegym.multiagent.testpool import IOTest, render_suite

#: Per-test limit for generated tests (they are single calls).
GENERATED_TEST_TIMEOUT_S = 2.0


@dataclass(frozen=True)
class SuiteJudgement:
    """The outcome of one round's suite (indices refer to the de-duplicated suite)."""

    valid: tuple[int, ...]
    invalid: tuple[int, ...]
    duplicates: int
    candidate_failed: tuple[int, ...]
    candidate_pass: float | None  # fraction of valid tests the candidate passes; None without valid tests
    killed: int
    pool: int
    infra_error: bool = False

    @property
    def candidate_fails(self) -> bool:
        """The candidate fails at least one valid test."""
        return bool(self.candidate_failed)


def dedupe(tests: Sequence[IOTest]) -> tuple[list[IOTest], int]:
    """Tests with duplicates removed (first kept) and how many were dropped."""
    seen: set[str] = set()
    kept = []
    for test in tests:
        if test.key() not in seen:
            seen.add(test.key())
            kept.append(test)
    return kept, len(tests) - len(kept)


def _passed_indices(report: Any, count: int) -> set[int] | None:
    """Indices ``k`` whose ``test_gen_k`` passed; None when the run itself broke (infra)."""
    if report.infra_error:
        return None
    passed = set()
    for node, outcome in report.outcomes.items():
        name = node.rsplit("::", 1)[-1]
        if outcome == "passed" and name.startswith("test_gen_") and name[9:].isdigit():
            k = int(name[9:])
            if k < count:
                passed.add(k)
    return passed


def _run(run_tests: Any, sandbox: Any, files: Mapping[str, str], imports: Sequence[str], tests: Sequence[IOTest],
         stop_early: bool = False) -> Any:
    return run_tests(sandbox, dict(files), render_suite(imports, tests), per_test_timeout=GENERATED_TEST_TIMEOUT_S,
                     timeout=30.0, stop_at_first_failure=stop_early)


def judge_suite(sandbox: Any, reference: Mapping[str, str], candidate: Mapping[str, str] | None,
                imports: Sequence[str], tests: Sequence[IOTest], mutants: Sequence[Mapping[str, str]],
                run_tests: Any) -> SuiteJudgement:
    """Validate ``tests`` on the reference (twice), then run the valid ones on the candidate and every mutant."""
    suite, duplicates = dedupe(tests)
    if not suite:
        return SuiteJudgement((), (), duplicates, (), None, 0, len(mutants))
    first = _passed_indices(_run(run_tests, sandbox, reference, imports, suite), len(suite))
    second = _passed_indices(_run(run_tests, sandbox, reference, imports, suite), len(suite))
    if first is None or second is None:
        return SuiteJudgement((), (), duplicates, (), None, 0, len(mutants), infra_error=True)
    valid = tuple(sorted(first & second))
    invalid = tuple(k for k in range(len(suite)) if k not in valid)
    if not valid:
        return SuiteJudgement(valid, invalid, duplicates, (), None, 0, len(mutants))
    kept = [suite[k] for k in valid]
    failed: tuple[int, ...] = ()
    candidate_pass = None
    if candidate is not None:
        passed = _passed_indices(_run(run_tests, sandbox, candidate, imports, kept), len(kept))
        if passed is None:
            return SuiteJudgement(valid, invalid, duplicates, (), None, 0, len(mutants), infra_error=True)
        failed = tuple(valid[i] for i in range(len(kept)) if i not in passed)
        candidate_pass = len(passed) / len(kept)
    killed = 0
    for mutant in mutants:
        report = _run(run_tests, sandbox, mutant, imports, kept, stop_early=True)
        passed = _passed_indices(report, len(kept))
        if passed is None:
            return SuiteJudgement(valid, invalid, duplicates, failed, candidate_pass, 0, len(mutants), infra_error=True)
        killed += len(passed) < len(kept)
    return SuiteJudgement(valid, invalid, duplicates, failed, candidate_pass, killed, len(mutants))


def mutant_candidates(reference: Mapping[str, str], path: str, count: int, seed: int) -> list[dict[str, str]]:
    """Up to ``count`` distinct single-bug mutants of ``reference[path]`` (unverified), seeded.

    Example:
        >>> ms = mutant_candidates({"solution.py": "def f(a, b):\\n    return a + b if a < b else b\\n"}, "solution.py", 2, 0)
        >>> len(ms), all(m["solution.py"] != "def f(a, b):\\n    return a + b if a < b else b\\n" for m in ms)
        (2, True)
    """
    if path not in reference:
        raise ConfigError(f"the reference has no file {path!r}")
    original = reference[path]
    found: list[dict[str, str]] = []
    seen = {original}
    rng = random.Random(seed)
    for _ in range(count * 10):
        if len(found) >= count:
            break
        try:
            mutation = mutate(original, np.random.default_rng(rng.randrange(2**32)), n_bugs=1)
        except ConfigError:
            break
        if mutation.source not in seen:
            seen.add(mutation.source)
            found.append({**reference, path: mutation.source})
    return found


def verified_mutants(sandbox: Any, reference: Mapping[str, str], path: str, hidden_tests: Mapping[str, str],
                     count: int, seed: int, run_tests: Any) -> list[dict[str, str]]:
    """Mutants that really fail a hidden test (equivalent mutants could never be killed)."""
    kept = []
    for mutant in mutant_candidates(reference, path, count * 2, seed):
        report = run_tests(sandbox, mutant, hidden_tests, per_test_timeout=2.0, stop_at_first_failure=True)
        if not report.infra_error and not report.all_passed:
            kept.append(mutant)
        if len(kept) >= count:
            break
    return kept


def pool_failures(report: Any, count: int) -> frozenset[int] | None:
    """Indices of the ``count`` pool tests that did not pass in ``report``; None when the run broke (infra).

    Example:
        >>> from codegym.verdict import TestReport
        >>> sorted(pool_failures(TestReport(outcomes={"t.py::test_gen_0": "passed", "t.py::test_gen_1": "failed"}), 3))
        [1, 2]
    """
    passed = _passed_indices(report, count)
    return None if passed is None else frozenset(range(count)) - passed


def run_pool(run_tests: Any, sandbox: Any, files: Mapping[str, str], imports: Sequence[str],
             tests: Sequence[IOTest]) -> frozenset[int] | None:
    """Run every pool test on ``files`` once (unmemoised); the failures, or None on an infra error."""
    return pool_failures(_run(run_tests, sandbox, files, imports, tests), len(tests))


def judge_pool(suite: Sequence[int], candidate_fails: frozenset[int] | None,
               mutant_fails: Sequence[frozenset[int]]) -> SuiteJudgement:
    """A menu suite (pool indices, all valid by construction) judged from per-program pool failures.

    ``candidate_fails`` is None when the candidate's run broke (an infra error: nothing is
    counted). Repeated indices are duplicates and count for nothing.
    """
    unique = list(dict.fromkeys(int(i) for i in suite))
    duplicates = len(suite) - len(unique)
    pool = len(mutant_fails)
    if candidate_fails is None:
        return SuiteJudgement((), (), duplicates, (), None, 0, pool, infra_error=True)
    if not unique:
        return SuiteJudgement((), (), duplicates, (), None, 0, pool)
    chosen = frozenset(unique)
    failed = tuple(i for i in unique if i in candidate_fails)
    killed = sum(1 for fails in mutant_fails if fails & chosen)
    return SuiteJudgement(tuple(unique), (), duplicates, failed, 1.0 - len(failed) / len(unique), killed, pool)

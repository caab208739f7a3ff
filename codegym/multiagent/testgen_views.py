"""What each seat of ``testgen_coder_v2`` sees: numeric features (menu) and text views (text).

Menu observations are one float vector per seat, laid out the same for both seats so one
policy can sit in either (self-play): a header with the role, then the coder's section
(visible-test features, generated-suite features, one row per menu edit), then the
generator's section (one row per pool test). The section of the other role is zeros.

Example:
    >>> header_size(), len(POOL_FEATURES)
    (6, 12)
    >>> n_features(menu_size=4, pool_size=4) == 6 + 21 + 3 + 4 * 36 + 4 * 12
    True
"""

from __future__ import annotations

from typing import Any, Sequence

import numpy as np

from codegym.envs.repair_features import N_CANDIDATE_FEATURES, N_TEST_FEATURES
from codegym.multiagent.testpool import IOTest

HEADER: tuple[str, ...] = ("role:testgen", "role:coder", "round_fraction", "last_action_invalid", "suite_fraction",
                           "last_candidate_fail_fraction")
SUITE_FEATURES: tuple[str, ...] = ("suite_ran", "suite_fail_fraction", "suite_size_fraction")
POOL_FEATURES: tuple[str, ...] = (
    "present",  # a pool test fills the slot
    "in_suite",  # already chosen this episode
    "mutant_kill_fraction",  # fraction of the verified mutants this test kills
    "fails_coder_program",  # the coder's latest submitted program fails it
    "fails_wrong_submissions",  # fraction of the coder's earlier wrong submissions it kills
    "from_visible_tests",  # the very call of a visible test (not a mutated input)
    "args_size",  # len(repr(args)) / 200, capped
    "expected:bool",
    "expected:number",
    "expected:str",
    "expected:sequence",
    "expected:other",
)
N_POOL_FEATURES = len(POOL_FEATURES)


def header_size() -> int:
    return len(HEADER)


def n_features(menu_size: int, pool_size: int) -> int:
    """Length of the observation vector."""
    return len(HEADER) + N_TEST_FEATURES + len(SUITE_FEATURES) + menu_size * N_CANDIDATE_FEATURES \
        + pool_size * N_POOL_FEATURES


def _expected_kind(value: Any) -> str:
    if isinstance(value, bool):
        return "expected:bool"
    if isinstance(value, (int, float)):
        return "expected:number"
    if isinstance(value, str):
        return "expected:str"
    if isinstance(value, (list, tuple)):
        return "expected:sequence"
    return "expected:other"


_PCOL = {name: i for i, name in enumerate(POOL_FEATURES)}


def pool_rows(pool: Sequence[IOTest], size: int, suite: Sequence[int], mutant_fails: Sequence[frozenset[int]],
              coder_fails: frozenset[int] | None, wrong_fails: Sequence[frozenset[int]],
              from_visible: Sequence[bool]) -> np.ndarray:
    """The ``(size, N_POOL_FEATURES)`` rows of the generator's pool (padding rows are zero)."""
    out = np.zeros((size, N_POOL_FEATURES), dtype=np.float32)
    chosen = set(suite)
    for i, test in enumerate(pool[:size]):
        out[i, _PCOL["present"]] = 1.0
        out[i, _PCOL["in_suite"]] = float(i in chosen)
        if mutant_fails:
            out[i, _PCOL["mutant_kill_fraction"]] = sum(i in f for f in mutant_fails) / len(mutant_fails)
        out[i, _PCOL["fails_coder_program"]] = float(coder_fails is not None and i in coder_fails)
        if wrong_fails:
            out[i, _PCOL["fails_wrong_submissions"]] = sum(i in f for f in wrong_fails) / len(wrong_fails)
        out[i, _PCOL["from_visible_tests"]] = float(bool(from_visible[i]))
        out[i, _PCOL["args_size"]] = min(len(repr(test.args)), 200) / 200.0
        out[i, _PCOL[_expected_kind(test.expected)]] = 1.0
    return out


def suite_vector(ran: bool, failed: int, size: int, capacity: int) -> np.ndarray:
    """``SUITE_FEATURES`` of the latest judged suite, as seen by the coder."""
    return np.array([float(ran), failed / size if size else 0.0, size / max(capacity, 1)], dtype=np.float32)


def render_tests(tests: Sequence[IOTest], limit: int = 4000) -> str:
    """Tests as Python assertions (what the coder is shown of the suite that judged it).

    Example:
        >>> print(render_tests([IOTest("f", (1, b"x"), {b"k": (2,)})]))
        assert f(*(1, b'x')) == {b'k': (2,)}
    """
    text = "\n".join(f"assert {t.entry_point}(*{t.args!r}) == {t.expected!r}" for t in tests)
    return text if len(text) <= limit else text[:limit] + "\n..."

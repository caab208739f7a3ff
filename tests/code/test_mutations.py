"""Tests for codegym.code.mutations (real tree-sitter, no mocks)."""

from __future__ import annotations

import random
import time
import uuid
from collections import Counter

import numpy as np
import pytest

from codegym.code import OPERATORS, Edit, apply_edits, candidate_edits, is_valid, mutate, parsing
from codegym.errors import ActionError, ConfigError


def _pairs(source: str, operator: str) -> set[tuple[str, str]]:
    return {(e.original, e.replacement) for e in candidate_edits(source) if e.operator == operator}


# ---------------------------------------------------------------- operators


@pytest.mark.parametrize(
    ("operator", "source", "expected"),
    [
        ("comparison_swap", "ok = a < b\n", {("<", "<="), ("<", ">")}),
        ("comparison_swap", "ok = a >= b != c\n", {(">=", ">"), (">=", "<="), ("!=", "==")}),
        ("comparison_swap", "ok = a == b\n", {("==", "!=")}),
        ("comparison_swap", "ok = a not in b or c is d\n", {("not in", "in"), ("is", "is not")}),
        (
            "arithmetic_swap",
            "x = a + b - c * d // e / f % g\n",
            {("+", "-"), ("-", "+"), ("*", "/"), ("*", "//"), ("//", "*"), ("/", "*"), ("%", "//")},
        ),
        ("arithmetic_swap", "x += 1\ny -= 2\n", {("+=", "-="), ("-=", "+=")}),
        ("boolean_swap", "ok = a and b or c\n", {("and", "or"), ("or", "and")}),
        ("negation_removal", "ok = not done\n", {("not ", "")}),
        (
            "negation_insertion",
            "while x:\n    if y > 1:\n        pass\n    elif (z):\n        pass\n",
            {("x", "not (x)"), ("y > 1", "not (y > 1)"), ("(z)", "not (z)")},
        ),
        ("constant_off_by_one", "n = 10\nm = 1_000\n", {("10", "11"), ("10", "9"), ("1_000", "1001"), ("1_000", "999")}),
        ("range_off_by_one", "for i in range(n):\n    pass\n", {("n", "n + 1"), ("n", "n - 1")}),
        ("range_off_by_one", "r = range(1, len(a) // 2, 3)\n", {("len(a) // 2", "len(a) // 2 + 1"), ("len(a) // 2", "len(a) // 2 - 1")}),
        ("range_off_by_one", "r = range(0, 10)\n", {("10", "11"), ("10", "9")}),
        ("range_off_by_one", "r = range(a if b else c)\n", {("a if b else c", "(a if b else c) + 1"), ("a if b else c", "(a if b else c) - 1")}),
        ("wrong_return", "def f(x):\n    return x * 2\n", {("x * 2", "None")}),
        ("wrong_return", "def f(x):\n    return x, 1\n", {("x, 1", "None")}),
        ("swapped_arguments", "v = pow(a, b, mod=3)\n", {("a, b", "b, a")}),
        ("swapped_arguments", "v = f(a, *rest, b)\n", {("a, *rest, b", "b, *rest, a")}),
        ("boolean_constant_flip", "done = True\nfail = False\n", {("True", "False"), ("False", "True")}),
        ("index_off_by_one", "y = a[i]\nz = a[0]\n", {("i", "i + 1"), ("i", "i - 1"), ("0", "1"), ("0", "-1")}),
    ],
)
def test_each_operator_finds_its_sites(operator: str, source: str, expected: set[tuple[str, str]]) -> None:
    assert _pairs(source, operator) == expected
    for edit in candidate_edits(source):
        assert is_valid(edit.apply(source)), edit


def test_every_operator_is_exercised() -> None:
    covered = set()
    sources = [
        "ok = a < b and not c\nx = y + 1\nif x:\n    pass\nz = range(n)\nw = f(a, b)\nt = True\nv = a[i]\n",
        "def f(x):\n    return x\n",
    ]
    for source in sources:
        covered |= {edit.operator for edit in candidate_edits(source)}
    assert covered == set(OPERATORS)


def test_operator_sites_are_not_double_counted() -> None:
    # integer stops of range() and integer indexes belong to their own operators
    assert _pairs("r = range(0, 10)\n", "constant_off_by_one") == {("0", "1"), ("0", "-1")}
    assert _pairs("y = a[0]\n", "constant_off_by_one") == set()
    keys = [(e.start, e.end, e.replacement) for e in candidate_edits("y = a[0] + range(5)[i]\n")]
    assert len(keys) == len(set(keys))


def test_no_mutation_without_a_change_or_of_none_returns() -> None:
    assert _pairs("def f():\n    return None\n\ndef g():\n    return\n", "wrong_return") == set()
    assert _pairs("v = f(a, a)\n", "swapped_arguments") == set()
    assert _pairs("if not x:\n    pass\nwhile (not y):\n    pass\n", "negation_insertion") == set()
    assert _pairs("n = 99999999999999999999\nh = 0x10\nc = 2j\n", "constant_off_by_one") == set()


def test_nothing_inside_strings_comments_docstrings_or_annotations() -> None:
    source = (
        '"""Docstring: a < b and not c, x + 1, True, range(n), a[i], return x."""\n'
        "# comment: if a < b: return x + 1\n"
        's = "a < b and not c + 1 or True"\n'
        "t = f\"{a < b} {x + 1} {True} {g(a, b)}\"\n"
        "u = b'range(10)' 'and' \"or\"\n"
        "def f(x: Literal[1], y: dict[str, int]) -> list[a[i]]:\n"
        '    """Return a < b."""\n'
        "    pass\n"
    )
    assert candidate_edits(source) == []


def test_main_guard_is_not_mutated() -> None:
    source = 'def main():\n    return 1\n\nif __name__ == "__main__":\n    print(main() + 1, 2)\n'
    assert {e.line for e in candidate_edits(source)} == {2}


def test_invalid_source_has_no_candidates() -> None:
    assert candidate_edits("def f(:\n    return a < b\n") == []


def test_awkward_spacing_stays_valid() -> None:
    source = "def f(a,b):\n  if(a<-b):\n    x=(a)or(b)\n    y=x**0\n    return(x)\n  while(not(y)):\n    z=-0\n"
    compile(source, "<original>", "exec")
    edits = candidate_edits(source)
    assert {e.operator for e in edits} >= {"negation_insertion", "wrong_return", "comparison_swap", "negation_removal", "boolean_swap"}
    for edit in edits:
        mutated = edit.apply(source)
        assert is_valid(mutated), edit
        compile(mutated, "<mutant>", "exec")
    assert ("(x)", " None") in _pairs(source, "wrong_return")


def test_candidates_on_a_realistic_module_are_all_valid(realistic_source: str) -> None:
    edits = candidate_edits(realistic_source)
    counts = Counter(edit.operator for edit in edits)
    assert set(counts) == set(OPERATORS), counts
    assert len(edits) > 50
    for edit in edits:
        assert realistic_source[edit.start : edit.end] == edit.original
        assert edit.line == realistic_source.count("\n", 0, edit.start) + 1
        assert edit.depth > 0 and edit.site_kind
        mutated = edit.apply(realistic_source)
        assert mutated != realistic_source
        assert is_valid(mutated), edit
        compile(mutated, "<mutant>", "exec")
    # nothing from the docstring (line 1), the comment or the main guard (lines 62-63)
    assert min(edit.line for edit in edits) > 1
    assert max(edit.line for edit in edits) < 62


def test_candidate_order_is_deterministic_and_sorted(realistic_source: str) -> None:
    edits = candidate_edits(realistic_source)
    assert edits == sorted(edits, key=lambda e: (e.start, e.operator, e.end, e.replacement))
    assert [e.start for e in edits] == sorted(e.start for e in edits)
    assert candidate_edits(realistic_source + "\n") == edits


def test_offsets_are_characters_in_non_ascii_source() -> None:
    source = 's = "ééé"  # ü\nx = a < b\n'
    edits = candidate_edits(source)
    assert [(e.original, e.line) for e in edits] == [("<", 2), ("<", 2)]
    assert edits[0].start == source.index("<")
    assert edits[0].apply(source) == 's = "ééé"  # ü\nx = a <= b\n'


def test_candidate_edits_is_fast_on_a_300_line_file(realistic_source: str) -> None:
    big = realistic_source.split("if __name__")[0] * 5
    assert big.count("\n") >= 290
    best = float("inf")
    for _ in range(3):
        source = big + f"# {uuid.uuid4()}\n"  # defeat the caches
        started = time.perf_counter()
        edits = candidate_edits(source)
        best = min(best, time.perf_counter() - started)
    assert len(edits) > 300
    # tree-sitter < 0.25 cannot re-parse incrementally, so the few risky edits cost full parses
    limit = 0.1 if parsing._INCREMENTAL else 0.5
    assert best < limit, f"candidate_edits took {best * 1000:.1f} ms on {big.count(chr(10))} lines"


# ---------------------------------------------------------------- Edit


def test_edit_inverse_restores_every_candidate(realistic_source: str) -> None:
    for edit in candidate_edits(realistic_source):
        mutated = edit.apply(realistic_source)
        inverse = edit.inverse(mutated)
        assert inverse.apply(mutated) == realistic_source
        assert (inverse.original, inverse.replacement, inverse.operator) == (edit.replacement, edit.original, edit.operator)


def test_edit_inverse_property_on_random_text() -> None:
    alphabet = "ab c\n\t()<=é€😀_"
    rng = random.Random(1234)
    for _ in range(500):
        text = "".join(rng.choice(alphabet) for _ in range(rng.randrange(0, 40)))
        start = rng.randrange(0, len(text) + 1)
        end = rng.randrange(start, len(text) + 1)
        replacement = "".join(rng.choice(alphabet) for _ in range(rng.randrange(0, 6)))
        edit = Edit(start, end, replacement, "prop", "test", text.count("\n", 0, start) + 1, text[start:end], 0)
        mutated = edit.apply(text)
        assert mutated[start : start + len(replacement)] == replacement
        inverse = edit.inverse(mutated)
        assert inverse.apply(mutated) == text
        assert inverse.inverse(text) == edit


def test_stale_edits_are_rejected() -> None:
    edit = candidate_edits("ok = a < b\n")[0]
    with pytest.raises(ActionError, match="no longer applies.*expected '<'"):
        edit.apply("ok = a > b\n")
    with pytest.raises(ActionError, match="outside the source"):
        edit.apply("ok")
    with pytest.raises(ActionError, match="cannot invert"):
        edit.inverse("ok = a < b\n")


def test_apply_edits_rejects_overlaps() -> None:
    a, b = candidate_edits("ok = a < b\n")  # same site
    with pytest.raises(ActionError, match="overlap"):
        apply_edits("ok = a < b\n", [a, b])


# ---------------------------------------------------------------- mutate


@pytest.mark.parametrize("n_bugs", [1, 2, 3, 4])
def test_mutate_round_trips_over_many_seeds(realistic_source: str, n_bugs: int) -> None:
    for seed in range(200):
        rng = random.Random(seed) if seed % 2 else np.random.default_rng(seed)
        mutation = mutate(realistic_source, rng, n_bugs=n_bugs)
        assert len(mutation.edits) == len(mutation.restoring_edits) == n_bugs
        assert mutation.source != realistic_source
        assert mutation.original == realistic_source
        assert is_valid(mutation.source)
        # restoring edits are all in the mutated text's coordinates
        assert apply_edits(mutation.source, mutation.restoring_edits) == realistic_source
        # ... and so is each one on its own
        for restoring in mutation.restoring_edits:
            assert mutation.source[restoring.start : restoring.end] == restoring.original
            assert restoring.line == mutation.source.count("\n", 0, restoring.start) + 1
        # forward edits, applied in order, rebuild the mutated source
        text = realistic_source
        for edit in mutation.edits:
            text = edit.apply(text)
        assert text == mutation.source
        assert [e.inverse(mutation.source) for e in mutation.edits] == mutation.restoring_edits
        # distinct, separated sites
        spans = sorted((e.start, e.end) for e in mutation.restoring_edits)
        assert all(end < next_start for (_, end), (next_start, _) in zip(spans, spans[1:]))
        assert mutation.bug_lines == sorted({e.line for e in mutation.restoring_edits})


def test_mutate_is_deterministic_per_seed(realistic_source: str) -> None:
    for seed in range(10):
        assert mutate(realistic_source, random.Random(seed), 3) == mutate(realistic_source, random.Random(seed), 3)
        first = mutate(realistic_source, np.random.default_rng(seed), 2)
        assert first == mutate(realistic_source, np.random.default_rng(seed), 2)
    outputs = {mutate(realistic_source, random.Random(seed)).source for seed in range(30)}
    assert len(outputs) >= 15


def test_mutate_respects_operators(realistic_source: str) -> None:
    for seed in range(50):
        mutation = mutate(realistic_source, random.Random(seed), 2, operators={"comparison_swap", "boolean_swap"})
        assert {e.operator for e in mutation.edits} <= {"comparison_swap", "boolean_swap"}


def test_mutate_errors_name_the_problem(realistic_source: str) -> None:
    rng = random.Random(0)
    with pytest.raises(ConfigError, match=r"n_bugs=2 but the source has only 1 separate mutable site"):
        mutate("x = 1\n", rng, n_bugs=2)
    with pytest.raises(ConfigError, match=r"only 0 .*\['boolean_swap'\]"):
        mutate("x = 1\n", rng, operators={"boolean_swap"})
    with pytest.raises(ConfigError, match="unknown mutation operators \\['flip_bits'\\]"):
        mutate(realistic_source, rng, operators={"flip_bits"})
    with pytest.raises(ConfigError, match="not the string"):
        mutate(realistic_source, rng, operators="boolean_swap")  # type: ignore[arg-type]
    for bad in (0, -1, True, 1.5):
        with pytest.raises(ConfigError, match="n_bugs must be a positive integer"):
            mutate(realistic_source, rng, n_bugs=bad)  # type: ignore[arg-type]
    with pytest.raises(ConfigError, match="syntax errors.*line 1"):
        mutate("def f(:\n    return 1\n", rng)
    with pytest.raises(ConfigError, match="numpy.random.Generator or a random.Random"):
        mutate(realistic_source, 42)

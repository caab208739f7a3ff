"""Mutation operators located with tree-sitter: bug injection and candidate-edit menus.

:func:`candidate_edits` lists every single-site mutation of a program (each one
keeps the program syntactically valid); :func:`mutate` injects ``n_bugs`` of them
at separate sites and returns the edits that undo them.

Operators (``OPERATORS``):

* ``comparison_swap`` — ``<`` to ``<=``/``>``, ``==`` to ``!=``, ``in`` to ``not in``, ...
* ``arithmetic_swap`` — ``+``/``-``, ``*`` to ``/``/``//``, ``/`` and ``//`` to ``*``, ``%`` to ``//``, ``+=``/``-=``
* ``boolean_swap`` — ``and``/``or``
* ``negation_removal`` — ``not x`` to ``x``
* ``negation_insertion`` — an ``if``/``elif``/``while`` condition ``c`` to ``not (c)``
* ``constant_off_by_one`` — a decimal integer ``n`` to ``n + 1`` and ``n - 1`` (folded)
* ``range_off_by_one`` — the stop argument of ``range(...)`` plus or minus one
* ``wrong_return`` — ``return X`` to ``return None``
* ``swapped_arguments`` — the first two positional arguments of a call swapped
* ``boolean_constant_flip`` — ``True``/``False``
* ``index_off_by_one`` — ``a[i]`` to ``a[i + 1]``/``a[i - 1]`` (``a[0]`` to ``a[1]``/``a[-1]``)

Strings (f-string fields included), comments, type annotations and the
``if __name__ == "__main__":`` block are never mutated: mutants there are
undetectable by tests.

Example:
    >>> src = "def lt(a, b):\\n    return a < b\\n"
    >>> [(e.operator, e.replacement) for e in candidate_edits(src)]
    [('wrong_return', 'None'), ('comparison_swap', '<='), ('comparison_swap', '>')]
    >>> import random
    >>> m = mutate(src, random.Random(0))
    >>> apply_edits(m.source, m.restoring_edits) == src
    True
"""

from __future__ import annotations

import random
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field, replace
from functools import lru_cache
from typing import Any

import tree_sitter

from codegym.code.text import SourceText, line_of
from codegym.code.parsing import is_valid, parse, parse_edited, syntax_errors
from codegym.errors import ActionError, ConfigError

OPERATORS: tuple[str, ...] = (
    "arithmetic_swap",
    "boolean_constant_flip",
    "boolean_swap",
    "comparison_swap",
    "constant_off_by_one",
    "index_off_by_one",
    "negation_insertion",
    "negation_removal",
    "range_off_by_one",
    "swapped_arguments",
    "wrong_return",
)

_COMPARISON = {
    "<": ("<=", ">"),
    "<=": ("<", ">="),
    ">": (">=", "<"),
    ">=": (">", "<="),
    "==": ("!=",),
    "!=": ("==",),
    "in": ("not in",),
    "not in": ("in",),
    "is": ("is not",),
    "is not": ("is",),
}
_ARITHMETIC = {"+": ("-",), "-": ("+",), "*": ("/", "//"), "/": ("*",), "//": ("*",), "%": ("//",)}
_AUGMENTED = {"+=": ("-=",), "-=": ("+=",)}
_BOOLEAN = {"and": ("or",), "or": ("and",)}
_FLIP = {"true": "False", "false": "True"}
_CONDITIONS = ("if_statement", "elif_clause", "while_statement")
_PRUNED = frozenset({"string", "concatenated_string", "comment", "type", "ERROR"})
_NOT_POSITIONAL = frozenset({"keyword_argument", "list_splat", "dictionary_splat", "comment"})
_DECIMAL = re.compile(r"[0-9](?:_?[0-9])*")
_MAX_LITERAL = 2**31
_MAX_ATTEMPTS = 100
# Expressions that may take a trailing ``+ 1`` without parentheses.
_TIGHT = frozenset(
    {"identifier", "attribute", "call", "subscript", "integer", "float", "parenthesized_expression", "unary_operator"}
)
_TIGHT_BINARY = frozenset({"+", "-", "*", "/", "//", "%", "**", "@"})
_OPERATOR_CHARS = frozenset("<>=!+-*/%&|^~@:.")


@dataclass(frozen=True)
class Edit:
    """Replace ``source[start:end]`` (character offsets), which holds ``original``, by ``replacement``.

    ``line`` is the 1-based line of ``start``; ``site_kind`` the tree-sitter node type
    of the mutated site and ``depth`` its nesting depth in the syntax tree.

    Example:
        >>> edit = Edit(6, 7, "<=", "comparison_swap", "comparison_operator", 1, "<", 3)
        >>> edit.apply("x = a < b")
        'x = a <= b'
        >>> edit.inverse("x = a <= b").apply("x = a <= b")
        'x = a < b'
    """

    start: int
    end: int
    replacement: str
    operator: str
    site_kind: str
    line: int
    original: str
    depth: int

    def apply(self, source: str) -> str:
        """Return ``source`` with this edit made; ActionError if ``original`` is not at ``start``."""
        if not 0 <= self.start <= self.end <= len(source):
            raise ActionError(
                f"{self.operator} edit at characters {self.start}-{self.end} is outside the source "
                f"({len(source)} characters); recompute the candidate edits for the current source"
            )
        found = source[self.start : self.end]
        if found != self.original:
            raise ActionError(
                f"{self.operator} edit at line {self.line} no longer applies: expected {self.original!r} at "
                f"characters {self.start}-{self.end} but found {found!r}; recompute the candidate edits"
            )
        return source[: self.start] + self.replacement + source[self.end :]

    def inverse(self, mutated_source: str) -> Edit:
        """Return the edit that puts ``original`` back, given the source this edit produced."""
        end = self.start + len(self.replacement)
        found = mutated_source[self.start : end]
        if found != self.replacement:
            raise ActionError(
                f"cannot invert {self.operator} edit at characters {self.start}-{end}: expected "
                f"{self.replacement!r} there but found {found!r}"
            )
        return Edit(
            start=self.start,
            end=end,
            replacement=self.original,
            operator=self.operator,
            site_kind=self.site_kind,
            line=line_of(mutated_source, self.start),
            original=self.replacement,
            depth=self.depth,
        )

    def describe(self) -> str:
        """One line for a menu of edits, e.g. ``line 3: comparison_swap '<' -> '<='``."""
        return f"line {self.line}: {self.operator} {self.original!r} -> {self.replacement!r}"


def apply_edits(source: str, edits: Iterable[Edit]) -> str:
    """Apply non-overlapping edits that are all in ``source``'s coordinates.

    Example:
        >>> a = Edit(0, 1, "b", "x", "identifier", 1, "a", 1)
        >>> c = Edit(4, 5, "d", "x", "identifier", 1, "c", 1)
        >>> apply_edits("a + c", [a, c])
        'b + d'
    """
    ordered = sorted(edits, key=lambda edit: (edit.start, edit.end))
    for before, after in zip(ordered, ordered[1:]):
        if before.end > after.start or before.start == after.start:
            raise ActionError(
                f"edits overlap: {before.describe()} (characters {before.start}-{before.end}) and "
                f"{after.describe()} (characters {after.start}-{after.end}); apply them one at a time"
            )
    for edit in reversed(ordered):
        source = edit.apply(source)
    return source


@dataclass(frozen=True)
class Mutation:
    """The result of :func:`mutate`.

    ``edits`` are the injected edits in position order, each with ``start``/``line``
    where its replacement sits in the mutated ``source`` (so applying them one after
    another, in order, to ``original`` gives ``source``); ``restoring_edits`` are their
    inverses, all in ``source``'s coordinates: ``apply_edits(source, restoring_edits)``
    gives back ``original`` exactly.

    Example:
        >>> m = mutate("x = 1\\n", random.Random(1), operators={"constant_off_by_one"})
        >>> m.source in ("x = 0\\n", "x = 2\\n"), m.bug_lines
        (True, [1])
    """

    source: str
    edits: list[Edit]
    restoring_edits: list[Edit]
    original: str = field(default="", repr=False)

    @property
    def bug_lines(self) -> list[int]:
        """Sorted 1-based lines of the mutated source that hold an injected bug."""
        return sorted({edit.line for edit in self.restoring_edits})


def _char_class(char: int) -> str:
    """'w' for word-like bytes (quotes too: string prefixes), 'o' for operator characters, '' otherwise."""
    c = chr(char)
    if c.isalnum() or c in "_'\"" or char >= 0x80:
        return "w"
    return "o" if c in _OPERATOR_CHARS else ""


class _Collector:
    """Walks one valid tree and records raw sites as byte ranges."""

    def __init__(self, text: SourceText) -> None:
        self.data = text.data
        self.sites: list[tuple[int, int, str, str, str, int, bool]] = []
        self.owned: set[int] = set()  # integer nodes handled by index/range operators

    def text(self, node: tree_sitter.Node) -> str:
        return self.data[node.start_byte : node.end_byte].decode("utf-8")

    def add(self, start: int, end: int, replacement: str, operator: str, site: str, depth: int, *, check: bool = False) -> None:
        data = self.data
        if not check and replacement:
            before = _char_class(data[start - 1]) if start > 0 else ""
            after = _char_class(data[end]) if end < len(data) else ""
            check = bool(before and before == _char_class(ord(replacement[0]))) or bool(
                after and after == _char_class(ord(replacement[-1]))
            )
        self.sites.append((start, end, replacement, operator, site, depth, check or not replacement))

    def token_swaps(self, token: tree_sitter.Node | None, table: dict[str, tuple[str, ...]], operator: str, site: str, depth: int) -> None:
        if token is None:
            return
        for alternative in table.get(token.type, ()):
            self.add(token.start_byte, token.end_byte, alternative, operator, site, depth)

    def visit(self, node: tree_sitter.Node, depth: int) -> None:
        kind = node.type
        if kind == "comparison_operator":
            for child in node.children:
                if not child.is_named:
                    self.token_swaps(child, _COMPARISON, "comparison_swap", kind, depth)
        elif kind == "binary_operator":
            self.token_swaps(node.child_by_field_name("operator"), _ARITHMETIC, "arithmetic_swap", kind, depth)
        elif kind == "augmented_assignment":
            self.token_swaps(node.child_by_field_name("operator"), _AUGMENTED, "arithmetic_swap", kind, depth)
        elif kind == "boolean_operator":
            self.token_swaps(node.child_by_field_name("operator"), _BOOLEAN, "boolean_swap", kind, depth)
        elif kind == "not_operator":
            argument = node.child_by_field_name("argument")
            if argument is not None:
                self.add(node.start_byte, argument.start_byte, "", "negation_removal", kind, depth, check=True)
        elif kind in _CONDITIONS:
            self.negation_insertion(node, depth)
        elif kind == "integer":
            if node.id not in self.owned:
                for value in self.off_by_one(node):
                    self.add(node.start_byte, node.end_byte, value, "constant_off_by_one", kind, depth)
        elif kind in _FLIP:
            self.add(node.start_byte, node.end_byte, _FLIP[kind], "boolean_constant_flip", kind, depth)
        elif kind == "return_statement":
            self.wrong_return(node, depth)
        elif kind == "call":
            self.call(node, depth)
        elif kind == "subscript":
            self.index(node, depth)

    def off_by_one(self, node: tree_sitter.Node) -> list[str]:
        text = self.text(node)
        if not _DECIMAL.fullmatch(text):
            return []
        value = int(text.replace("_", ""))
        if value > _MAX_LITERAL:
            return []
        return [str(value + 1), str(value - 1)]

    def negation_insertion(self, node: tree_sitter.Node, depth: int) -> None:
        condition = node.child_by_field_name("condition")
        if condition is None:
            return
        inner = condition
        while inner.type == "parenthesized_expression" and inner.named_child_count == 1:
            inner = inner.named_children[0]
        if inner.type == "not_operator":
            return  # "not (not x)" is no bug; negation_removal covers this site
        text = self.text(condition)
        wrapped = f"not {text}" if condition.type == "parenthesized_expression" else f"not ({text})"
        start = condition.start_byte
        if start > 0 and _char_class(self.data[start - 1]) == "w":
            wrapped = " " + wrapped
        self.add(start, condition.end_byte, wrapped, "negation_insertion", node.type, depth, check=True)

    def wrong_return(self, node: tree_sitter.Node, depth: int) -> None:
        values = [child for child in node.named_children if child.type != "comment"]
        if not values or (len(values) == 1 and values[0].type == "none"):
            return
        start, end = values[0].start_byte, values[-1].end_byte
        replacement = "None"
        if _char_class(self.data[start - 1]) == "w":
            replacement = " None"
        self.add(start, end, replacement, "wrong_return", node.type, depth)

    def call(self, node: tree_sitter.Node, depth: int) -> None:
        arguments = node.child_by_field_name("arguments")
        if arguments is None or arguments.type != "argument_list":
            return
        args = [child for child in arguments.named_children if child.type != "comment"]
        function = node.child_by_field_name("function")
        if (
            function is not None
            and function.type == "identifier"
            and self.text(function) == "range"
            and 1 <= len(args) <= 3
            and not any(arg.type in _NOT_POSITIONAL for arg in args)
        ):
            stop = args[0] if len(args) == 1 else args[1]
            folded = self.off_by_one(stop) if stop.type == "integer" else []
            if folded:
                self.owned.add(stop.id)
                replacements = folded
            else:
                text = self.text(stop)
                if not (stop.type in _TIGHT or (stop.type == "binary_operator" and self.operator_of(stop) in _TIGHT_BINARY)):
                    text = f"({text})"
                replacements = [f"{text} + 1", f"{text} - 1"]
            for replacement in replacements:
                self.add(stop.start_byte, stop.end_byte, replacement, "range_off_by_one", node.type, depth)
        positional = [arg for arg in args if arg.type not in _NOT_POSITIONAL]
        if len(positional) >= 2:
            first, second = positional[0], positional[1]
            first_text, second_text = self.text(first), self.text(second)
            if first_text != second_text:
                between = self.data[first.end_byte : second.start_byte].decode("utf-8")
                replacement = second_text + between + first_text
                self.add(first.start_byte, second.end_byte, replacement, "swapped_arguments", node.type, depth)

    def operator_of(self, node: tree_sitter.Node) -> str:
        operator = node.child_by_field_name("operator")
        return operator.type if operator is not None else ""

    def index(self, node: tree_sitter.Node, depth: int) -> None:
        indexes = node.children_by_field_name("subscript")
        if len(indexes) != 1:
            return
        index = indexes[0]
        if index.type == "identifier":
            text = self.text(index)
            replacements = [f"{text} + 1", f"{text} - 1"]
        elif index.type == "integer":
            replacements = self.off_by_one(index)
            if not replacements:
                return
            self.owned.add(index.id)
        else:
            return
        for replacement in replacements:
            self.add(index.start_byte, index.end_byte, replacement, "index_off_by_one", node.type, depth)


def _is_main_guard(node: tree_sitter.Node, data: bytes) -> bool:
    condition = node.child_by_field_name("condition")
    if condition is None or condition.type != "comparison_operator":
        return False
    text = b"".join(data[condition.start_byte : condition.end_byte].split())
    return text in (b'__name__=="__main__"', b"__name__=='__main__'")


def _walk(root: tree_sitter.Node, collector: _Collector) -> None:
    stack: list[tuple[tree_sitter.Node, int]] = [(root, 0)]
    data = collector.data
    while stack:
        node, depth = stack.pop()
        kind = node.type
        if kind in _PRUNED or (kind == "if_statement" and _is_main_guard(node, data)):
            continue
        collector.visit(node, depth)
        children = node.children
        if children:
            stack.extend((child, depth + 1) for child in reversed(children))


@lru_cache(maxsize=256)
def _candidates(source: str) -> tuple[Edit, ...]:
    tree = parse(source)
    if tree.root_node.has_error:
        return ()
    text = SourceText(source)
    collector = _Collector(text)
    _walk(tree.root_node, collector)
    data = text.data
    edits: dict[tuple[int, int, str], Edit] = {}
    for start, end, replacement, operator, site, depth, check in collector.sites:
        new_bytes = replacement.encode("utf-8")
        if data[start:end] == new_bytes:
            continue
        if check and parse_edited(tree, data, start, end, new_bytes).root_node.has_error:
            continue
        char_start, char_end = text.char_offset(start), text.char_offset(end)
        key = (char_start, char_end, replacement)
        edit = Edit(
            start=char_start,
            end=char_end,
            replacement=replacement,
            operator=operator,
            site_kind=site,
            line=line_of(source, char_start),
            original=source[char_start:char_end],
            depth=depth,
        )
        if key not in edits or edits[key].operator > operator:
            edits[key] = edit
    return tuple(sorted(edits.values(), key=lambda e: (e.start, e.operator, e.end, e.replacement)))


def candidate_edits(source: str) -> list[Edit]:
    """Every single-site mutation of ``source``, sorted by position then operator name.

    Each edit, applied alone, leaves the program syntactically valid. Source with
    syntax errors has no candidate edits.

    Example:
        >>> [e.describe() for e in candidate_edits("ok = not done\\n")]
        ["line 1: negation_removal 'not ' -> ''"]
    """
    if not isinstance(source, str):
        raise ConfigError(f"source must be a str of Python code, got {type(source).__name__}")
    return list(_candidates(source))


def _check_operators(operators: Iterable[str] | None) -> frozenset[str]:
    if operators is None:
        return frozenset(OPERATORS)
    if isinstance(operators, str):
        raise ConfigError(f"operators must be a set of operator names, not the string {operators!r}; write {{{operators!r}}}")
    chosen = frozenset(operators)
    unknown = sorted(chosen - set(OPERATORS))
    if unknown:
        raise ConfigError(f"unknown mutation operators {unknown}; choose from {list(OPERATORS)}")
    if not chosen:
        raise ConfigError(f"operators is empty; pass None for all operators or some of {list(OPERATORS)}")
    return chosen


def _permutation(rng: Any, size: int) -> list[int]:
    if isinstance(rng, random.Random):
        order = list(range(size))
        rng.shuffle(order)
        return order
    permutation = getattr(rng, "permutation", None)
    if permutation is None or isinstance(rng, (int, type)):
        raise ConfigError(
            f"rng must be a numpy.random.Generator or a random.Random, got {type(rng).__name__}; "
            "e.g. numpy.random.default_rng(seed)"
        )
    return [int(i) for i in permutation(size)]


def _separate(a: Edit, b: Edit) -> bool:
    """True when the two edits are at least one character apart."""
    return a.end < b.start or b.end < a.start


def _max_separate(edits: Sequence[Edit]) -> int:
    """The largest number of pairwise separate edits (interval scheduling by end)."""
    count, last_end = 0, -1
    for edit in sorted(edits, key=lambda e: (e.end, e.start)):
        if edit.start > last_end:
            count, last_end = count + 1, edit.end
    return count


def _place(original: str, chosen: list[Edit]) -> Mutation:
    """Apply ``chosen`` (separate edits in ``original``'s coordinates) and build the Mutation."""
    ordered = sorted(chosen, key=lambda e: e.start)
    mutated = apply_edits(original, ordered)
    forward: list[Edit] = []
    shift = 0
    for edit in ordered:
        start = edit.start + shift
        forward.append(replace(edit, start=start, end=start + (edit.end - edit.start), line=line_of(mutated, start)))
        shift += len(edit.replacement) - (edit.end - edit.start)
    restoring = [edit.inverse(mutated) for edit in forward]
    return Mutation(source=mutated, edits=forward, restoring_edits=restoring, original=original)


def mutate(
    source: str,
    rng: Any,
    n_bugs: int = 1,
    operators: set[str] | frozenset[str] | None = None,
) -> Mutation:
    """Inject ``n_bugs`` mutations at separate sites of ``source``, chosen with ``rng``.

    ``rng`` is a ``numpy.random.Generator`` or a ``random.Random``; the same seed gives
    the same mutation. ``operators`` restricts the operators used (default: all).
    Raises ConfigError when the source is invalid or has fewer than ``n_bugs``
    separate mutable sites.

    Example:
        >>> import numpy as np
        >>> m = mutate("def f(a, b):\\n    return a + b\\n", np.random.default_rng(0), operators={"arithmetic_swap"})
        >>> m.source
        'def f(a, b):\\n    return a - b\\n'
        >>> [e.describe() for e in m.restoring_edits]
        ["line 2: arithmetic_swap '-' -> '+'"]
    """
    if isinstance(n_bugs, bool) or not isinstance(n_bugs, int) or n_bugs < 1:
        raise ConfigError(f"n_bugs must be a positive integer, got {n_bugs!r}")
    allowed = _check_operators(operators)
    if not isinstance(source, str):
        raise ConfigError(f"source must be a str of Python code, got {type(source).__name__}")
    if not is_valid(source):
        raise ConfigError(f"cannot mutate source with syntax errors ({syntax_errors(source)[0]}); fix the source first")
    pool = [edit for edit in _candidates(source) if edit.operator in allowed]
    capacity = _max_separate(pool)
    if capacity < n_bugs:
        scope = "" if operators is None else f" for operators {sorted(allowed)}"
        raise ConfigError(
            f"n_bugs={n_bugs} but the source has only {capacity} separate mutable site(s){scope}; "
            "lower n_bugs, allow more operators, or use a longer program"
        )
    for _ in range(_MAX_ATTEMPTS):
        chosen: list[Edit] = []
        for index in _permutation(rng, len(pool)):
            edit = pool[index]
            if all(_separate(edit, other) for other in chosen):
                chosen.append(edit)
                if len(chosen) == n_bugs:
                    break
        if len(chosen) < n_bugs:
            continue
        mutation = _place(source, chosen)
        if n_bugs == 1 or is_valid(mutation.source):
            return mutation
    raise ConfigError(
        f"could not place {n_bugs} compatible mutations in {_MAX_ATTEMPTS} attempts; lower n_bugs or allow more operators"
    )

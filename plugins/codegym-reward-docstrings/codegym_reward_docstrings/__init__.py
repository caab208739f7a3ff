"""``docstrings``: an example third-party codegym reward plugin.

The term is the fraction of public functions, classes and methods in the solution's
``.py`` files that have a docstring, where a trivially short docstring (fewer than
``min_length`` characters, e.g. ``\"\"\"Fn.\"\"\"``) counts ``1 - short_penalty``
instead of 1. Names starting with ``_`` are private and not counted (dunder methods
neither); a solution with nothing public scores 0. Files that do not parse score
``syntax_value`` (0). Parsing is cached by content hash through codegym's shared
analysis cache, as every plugin should do for expensive work.

Example:
    >>> from codegym_reward_docstrings import docstring_coverage
    >>> docstring_coverage('def f():\\n    \"\"\"Add one to nothing at all.\"\"\"\\n\\ndef g():\\n    pass\\n')
    (2, 1, 0)
"""

from __future__ import annotations

import ast

from codegym.rewards import cache
from codegym.rewards.base import WHEN, RewardContext, RewardPlugin, RewardTerm

__version__ = "0.1.0"
__all__ = ["DocstringsReward", "docstring_coverage"]


def _public(name: str) -> bool:
    return not name.startswith("_")


def _analyse(source: str, min_length: int) -> tuple[int, int, int] | None:
    try:
        tree = ast.parse(source)
    except (SyntaxError, ValueError):
        return None
    public = documented = short = 0

    def visit(body: list[ast.stmt]) -> None:
        nonlocal public, documented, short
        for node in body:
            if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)) and _public(node.name):
                public += 1
                doc = ast.get_docstring(node)
                if doc and doc.strip():
                    documented += 1
                    if len(doc.strip()) < min_length:
                        short += 1
                if isinstance(node, ast.ClassDef):
                    visit(node.body)  # public methods of public classes count too

    visit(tree.body)
    return public, documented, short


def docstring_coverage(source: str, min_length: int = 10) -> tuple[int, int, int] | None:
    """``(public, documented, short)`` definitions in ``source``; None when it does not parse."""
    return cache.cached(f"docstrings:min_length={min_length}", source, lambda text: _analyse(text, min_length))


class DocstringsReward(RewardPlugin):
    """Fraction of public functions/classes/methods with a (non-trivial) docstring, in [0, 1]."""

    name = "docstrings"
    description = "fraction of public functions and classes with docstrings (short ones count less)"
    defaults = {"min_length": 10, "short_penalty": 0.5, "when": "always", "syntax_value": 0.0}

    def validate(self) -> None:
        length = self.options["min_length"]
        if isinstance(length, bool) or not isinstance(length, int) or length < 0:
            raise self._bad("min_length", "an int >= 0")
        self.check_number("short_penalty", minimum=0.0, maximum=1.0)
        self.check_choice("when", WHEN)
        self.check_number("syntax_value")

    def compute(self, ctx: RewardContext) -> RewardTerm:
        if self.options["when"] == "end" and not ctx.done:
            return RewardTerm(0.0, {"reason": "computed at episode end only (when='end')"})
        public = documented = short = 0
        per_file, broken = {}, []
        for path, source in ctx.python_files().items():
            counts = docstring_coverage(source, self.options["min_length"])
            if counts is None:
                broken.append(path)
                continue
            per_file[path] = {"public": counts[0], "documented": counts[1], "short": counts[2]}
            public, documented, short = public + counts[0], documented + counts[1], short + counts[2]
        if broken:
            return RewardTerm(self.options["syntax_value"], {"syntax_errors": broken, "files": per_file})
        info = {"public": public, "documented": documented, "short": short, "files": per_file}
        if public == 0:
            return RewardTerm(0.0, {**info, "reason": "no public functions or classes"})
        value = (documented - self.options["short_penalty"] * short) / public
        return RewardTerm(value, info)

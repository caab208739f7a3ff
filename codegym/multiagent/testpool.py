"""Generated tests for the test-generator seat: I/O tests, their pool, their rendering.

An :class:`IOTest` is one call of a task's entry point with literal arguments and a
literal expected value. The menu variant of ``testgen_coder`` offers a pool of them made
by mutating the literal inputs the task's *visible* tests use, with expected values
computed by running the reference solution in the sandbox (twice; inputs whose outputs
differ, fail, or are not literals are dropped). Suites render to one pytest file that
imports the entry points exactly as the task's own tests do, so the same file runs
against the reference and against a candidate under identical module names.

Example:
    >>> t = IOTest("two_sum", ([2, 7], 9), (0, 1))
    >>> print(t.render("test_gen_0"))
    def test_gen_0():
        assert two_sum(*([2, 7], 9)) == (0, 1)
    <BLANKLINE>
"""

from __future__ import annotations

import ast
import json
import random
from dataclasses import dataclass
from typing import Any, Iterable, Mapping, Sequence

from codegym.errors import ActionError

#: The generated suite's file name inside the tests folder.
SUITE_FILE = "test_generated.py"
#: Literal size caps: an argument or expected value whose repr is longer is not offered.
MAX_LITERAL_CHARS = 2000


@dataclass(frozen=True)
class IOTest:
    """``assert entry_point(*args) == expected`` (all literals)."""

    entry_point: str
    args: tuple
    expected: Any

    def render(self, name: str) -> str:
        """The test as a pytest function called ``name``."""
        return f"def {name}():\n    assert {self.entry_point}(*{self.args!r}) == {self.expected!r}\n"

    def key(self) -> str:
        """Identity for de-duplication (the literal text of the call and the expectation)."""
        return f"{self.entry_point}{self.args!r}=={self.expected!r}"


def _is_literal(value: Any) -> bool:
    try:
        text = repr(value)
        return len(text) <= MAX_LITERAL_CHARS and ast.literal_eval(text) == value
    except (ValueError, SyntaxError, TypeError, MemoryError, RecursionError):
        return False


def import_lines(task_tests: Mapping[str, str], entry_points: Iterable[str]) -> list[str]:
    """The ``from M import name`` lines the task's tests use for ``entry_points``.

    Example:
        >>> import_lines({"t.py": "from solution import f, g\\n"}, ["f"])
        ['from solution import f']
    """
    wanted = set(entry_points)
    lines: list[str] = []
    for text in task_tests.values():
        try:
            tree = ast.parse(text)
        except SyntaxError:
            continue
        for node in tree.body:
            if isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
                for alias in node.names:
                    if alias.name in wanted and alias.asname is None:
                        line = f"from {node.module} import {alias.name}"
                        if line not in lines:
                            lines.append(line)
    return lines


def seed_calls(task_tests: Mapping[str, str], entry_points: Sequence[str]) -> list[tuple[str, tuple]]:
    """Every ``entry_point(<literal args>)`` call found in the tests, in file order.

    Example:
        >>> seed_calls({"t.py": "def test():\\n    assert f([1, 2], 3) == 4\\n"}, ["f"])
        [('f', ([1, 2], 3))]
    """
    calls: list[tuple[str, tuple]] = []
    seen: set[str] = set()
    for name in sorted(task_tests):
        try:
            tree = ast.parse(task_tests[name])
        except SyntaxError:
            continue
        names = _call_names(tree, entry_points)
        for node in ast.walk(tree):
            if (isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and node.func.id in names
                    and not node.keywords and not any(isinstance(a, ast.Starred) for a in node.args)):
                try:
                    args = tuple(ast.literal_eval(a) for a in node.args)
                except (ValueError, SyntaxError, TypeError, MemoryError, RecursionError):
                    continue
                entry = names[node.func.id]
                key = f"{entry}{args!r}"
                if key not in seen and _is_literal(args):
                    seen.add(key)
                    calls.append((entry, args))
    return calls


def _call_names(tree: ast.Module, entry_points: Sequence[str]) -> dict[str, str]:
    """Names under which a test file calls each entry point: the name itself, ``import … as``
    aliases, and HumanEval's ``candidate`` when the task has a single entry point."""
    names = {entry: entry for entry in entry_points}
    for node in tree.body:
        if isinstance(node, ast.ImportFrom):
            for alias in node.names:
                if alias.name in entry_points and alias.asname:
                    names[alias.asname] = alias.name
    if len(entry_points) == 1:
        names.setdefault("candidate", entry_points[0])
    return names


def _mutate_value(value: Any, rng: random.Random) -> Any:
    if isinstance(value, bool):
        return not value
    if isinstance(value, int):
        return rng.choice([value + 1, value - 1, 0, -value, value * 2])
    if isinstance(value, float):
        return rng.choice([value + 1.0, value - 0.5, 0.0, -value])
    if isinstance(value, str):
        if not value:
            return rng.choice(["a", " ", "0"])
        i = rng.randrange(len(value))
        return rng.choice([value[:i] + value[i + 1:], value[:i] + value[i] + value[i:], value[::-1], ""])
    if isinstance(value, (list, tuple)):
        items = list(value)
        choices = ["reverse", "append"] + (["drop", "mutate"] if items else [])
        how = rng.choice(choices)
        if how == "reverse":
            items.reverse()
        elif how == "append":
            items.append(_mutate_value(items[-1], rng) if items else 0)
        elif how == "drop":
            items.pop(rng.randrange(len(items)))
        else:
            i = rng.randrange(len(items))
            items[i] = _mutate_value(items[i], rng)
        return type(value)(items)
    if isinstance(value, dict) and value:
        key = rng.choice(sorted(value, key=repr))
        changed = dict(value)
        changed[key] = _mutate_value(changed[key], rng)
        return changed
    return value


def mutate_call(args: tuple, rng: random.Random) -> tuple:
    """``args`` with one argument mutated (a literal of the same shape)."""
    if not args:
        return args
    i = rng.randrange(len(args))
    return args[:i] + (_mutate_value(args[i], rng),) + args[i + 1:]


def candidate_calls(task_tests: Mapping[str, str], entry_points: Sequence[str], size: int, seed: int) -> list[tuple[str, tuple]]:
    """``size`` distinct calls: the seed calls first, then mutations of them (seeded).

    Example:
        >>> calls = candidate_calls({"t.py": "f([1, 2])\\n"}, ["f"], size=3, seed=0)
        >>> len(calls), calls[0]
        (3, ('f', ([1, 2],)))
    """
    seeds = seed_calls(task_tests, entry_points)
    calls = list(seeds[:size])
    seen = {f"{e}{a!r}" for e, a in calls}
    rng = random.Random(seed)
    attempts = 0
    while seeds and len(calls) < size and attempts < size * 50:
        attempts += 1
        entry, args = rng.choice(seeds)
        mutated = mutate_call(args, rng)
        key = f"{entry}{mutated!r}"
        if key not in seen and _is_literal(mutated):
            seen.add(key)
            calls.append((entry, mutated))
    return calls


_OUTPUT_SCRIPT = '''
import json, sys
calls = json.loads(sys.stdin.read())
{imports}
names = {{{names}}}
for entry, args_repr in calls:
    import ast
    try:
        value = names[entry](*ast.literal_eval(args_repr))
        text = repr(value)
        ok = ast.literal_eval(text) == value
    except BaseException as exc:
        print(json.dumps({{"ok": False}}), flush=True)
        continue
    print(json.dumps({{"ok": bool(ok), "repr": text if ok else None}}), flush=True)
'''


def reference_outputs(sandbox: Any, reference: Mapping[str, str], imports: Sequence[str],
                      calls: Sequence[tuple[str, tuple]], timeout: float = 20.0) -> list[Any]:
    """The reference's literal output per call (``MISSING`` where it failed or was not a literal).

    Runs the trusted reference in the sandbox twice; a call whose two outputs differ is
    ``MISSING`` (the reference is not deterministic there, so no test can rest on it).
    """
    entries = sorted({entry for entry, _ in calls})
    script = _OUTPUT_SCRIPT.format(imports="\n".join(imports), names=", ".join(f"{e!r}: {e}" for e in entries))
    payload = json.dumps([[entry, repr(args)] for entry, args in calls])
    runs = []
    for _ in range(2):
        result = sandbox.run_python_on(dict(reference), script, timeout=timeout, stdin=payload)
        lines = [line for line in result.stdout.splitlines() if line.startswith("{")]
        runs.append([json.loads(line) for line in lines] if result.exit_code == 0 and len(lines) == len(calls) else None)
    if runs[0] is None or runs[1] is None:
        return [MISSING] * len(calls)
    outputs = []
    for first, second in zip(*runs):
        if first.get("ok") and first == second:
            outputs.append(ast.literal_eval(first["repr"]))
        else:
            outputs.append(MISSING)
    return outputs


def reference_tests(sandbox: Any, reference: Mapping[str, str], imports: Sequence[str],
                    calls: Sequence[tuple[str, tuple]], limit: int | None = None) -> list[IOTest]:
    """I/O tests for ``calls`` whose expected values are the reference's outputs (calls without one dropped).

    Example:
        >>> reference_tests(sandbox, task.reference, ["from solution import f"], [("f", (1,))])  # doctest: +SKIP
        [IOTest(entry_point='f', args=(1,), expected=2)]
    """
    outputs = reference_outputs(sandbox, reference, imports, calls) if calls else []
    tests = [IOTest(entry, args, out) for (entry, args), out in zip(calls, outputs) if out is not MISSING]
    return tests if limit is None else tests[:limit]


class _Missing:
    def __repr__(self) -> str:
        return "MISSING"


MISSING: Any = _Missing()


def render_suite(imports: Sequence[str], tests: Sequence[IOTest]) -> dict[str, str]:
    """``{SUITE_FILE: source}`` with one ``test_gen_<k>`` per test (k = position in ``tests``)."""
    body = "\n\n".join(test.render(f"test_gen_{k}") for k, test in enumerate(tests))
    return {SUITE_FILE: "\n".join(imports) + "\n\n\n" + body}


def _python_literal(text: Any, where: str) -> Any:
    """A Python literal written as a string (``"(0, 1)"``, ``"b'x'"``): what JSON cannot spell."""
    if not isinstance(text, str) or len(text) > MAX_LITERAL_CHARS:
        raise ActionError(f"{where} must be a string holding a Python literal of at most {MAX_LITERAL_CHARS} characters")
    try:
        return ast.literal_eval(text)
    except (ValueError, SyntaxError, TypeError, MemoryError, RecursionError):
        raise ActionError(f"{where} is not a Python literal (numbers, strings, bytes, tuples, lists, dicts, sets, "
                          "True/False/None)") from None


def parse_io_tests(payload: Any, entry_points: Sequence[str], max_tests: int) -> list[IOTest]:
    """Text-mode tests from an agent: ``[{"call": "f", "args": [...], "expected": ...}, ...]``.

    ``args``/``expected`` are JSON values; ``args_py``/``expected_py`` say the same as
    Python literals in a string, for what JSON cannot spell (tuples, bytes, sets, int
    dict keys): ``{"args_py": "([2, 7], 9)", "expected_py": "(0, 1)"}``. ``call``
    defaults to the first entry point. Raises :class:`ActionError` naming what is wrong
    (the env turns it into a penalty).

    Example:
        >>> parse_io_tests([{"args": [[1, 2], 3], "expected": [0, 1]}], ["two_sum"], 4)[0].args
        ([1, 2], 3)
        >>> parse_io_tests([{"args_py": "([2, 7], 9)", "expected_py": "(0, 1)"}], ["two_sum"], 4)[0].expected
        (0, 1)
    """
    if not isinstance(payload, list):
        raise ActionError(f"tests must be a JSON list of {{'args': [...], 'expected': ...}} objects, got {type(payload).__name__}")
    if len(payload) > max_tests:
        raise ActionError(f"at most {max_tests} tests per round, got {len(payload)}")
    tests = []
    for i, item in enumerate(payload):
        keys = set(item) if isinstance(item, dict) else set()
        if (not isinstance(item, dict) or keys - {"call", "args", "expected", "args_py", "expected_py"}
                or len(keys & {"args", "args_py"}) != 1 or len(keys & {"expected", "expected_py"}) != 1):
            raise ActionError(f"test {i}: expected an object with 'args' (or 'args_py'), 'expected' (or 'expected_py') "
                              "and optionally 'call'")
        entry = item.get("call", entry_points[0])
        if not isinstance(entry, str) or entry not in entry_points:
            raise ActionError(f"test {i}: 'call' must be one of {list(entry_points)}, got {str(entry)[:80]!r}")
        raw_args = item["args"] if "args" in item else _python_literal(item["args_py"], f"test {i}: 'args_py'")
        if not isinstance(raw_args, (list, tuple)):
            raise ActionError(f"test {i}: 'args' must be a list of positional arguments")
        args = tuple(raw_args)
        expected = item["expected"] if "expected" in item else _python_literal(item["expected_py"],
                                                                                f"test {i}: 'expected_py'")
        if not _is_literal(args) or not _is_literal(expected):
            raise ActionError(f"test {i}: arguments and expected value must be plain literals of at most {MAX_LITERAL_CHARS} characters")
        tests.append(IOTest(entry, args, expected))
    return tests

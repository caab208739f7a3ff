"""The judge's fast assertion-rewrite location fix-up gives the very trees pytest's own does.

Run inside the sandbox (its pytest is the one the judge uses) over every test file of the
builtin and HumanEval sources: ``ast.dump`` with positions must match node for node.
"""

from __future__ import annotations

import json

import codegym.tasks
from codegym.verdict.run import SANDBOXED

CHECK = r'''
import ast, json, sys, _pytest
from _pytest.assertion import rewrite
sources = json.loads(sys.stdin.read())

def dumps():
    out = []
    for path, text in sources:
        tree = ast.parse(text, filename=path)
        rewrite.rewrite_asserts(tree, text.encode(), path, None)
        out.append(ast.dump(tree, include_attributes=True))
    return out

plain = dumps()
fast_assert_locations()
patched = getattr(rewrite.AssertionRewriter, "cg_fast", False)
fast = dumps()
print(json.dumps({"pytest": _pytest.__version__, "patched": patched, "files": len(plain),
                  "different": [sources[i][0] for i, (a, b) in enumerate(zip(plain, fast)) if a != b]}))
'''


def _judge_functions() -> str:
    """The judge's location fix-up, cut from judge.py (the rest of the judge is not needed)."""
    text = (SANDBOXED / "judge.py").read_text(encoding="utf-8")
    start = text.index("_LOCATION_ATTRIBUTES = ")
    end = text.index("def compile_test_module(")
    return "import ast\n\n" + text[start:end]


def test_fast_location_fix_up_gives_identical_trees(sandbox):
    sources = []
    for source in ("builtin", "humaneval"):
        for task in codegym.tasks.load(source):
            for suite in (task.visible_tests, task.hidden_tests):
                sources += [(f"/codegym-judge/{task.id}/{name}", text) for name, text in suite.items() if name.endswith(".py")]
    result = sandbox.run_python(_judge_functions() + CHECK, stdin=json.dumps(sources), trusted=True, timeout=120)
    assert result.exit_code == 0, result.stderr[-3000:]
    report = json.loads(result.stdout)
    assert report["files"] == len(sources) > 400
    assert report["patched"] == report["pytest"].startswith("7.")  # the image's pytest 7 is patched
    assert report["different"] == []

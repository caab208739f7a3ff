"""The coder's text actions (pure: no sandbox): tool calls, lists of them, atomicity, allowed paths."""

from __future__ import annotations

import json

import pytest

from codegym.errors import ActionError
from codegym.multiagent.coder_actions import MAX_CALLS, apply_coder_action

FILES = {"solution.py": "def f(x):\n    return x\n", "helper_data.txt": "keep\n"}
EDITABLE = ["solution.py"]


def test_calls_apply_in_order_and_submit_is_a_flag():
    calls = [{"tool": "replace_lines", "args": {"path": "solution.py", "start_line": 2, "end_line": 2,
                                                "text": "    return x + 1\n"}},
             {"tool": "insert_lines", "args": {"path": "solution.py", "after_line": 0, "text": "# fixed\n"}},
             {"tool": "submit"}]
    files, submit = apply_coder_action(json.dumps(calls), FILES, EDITABLE)
    assert files["solution.py"] == "# fixed\ndef f(x):\n    return x + 1\n" and submit is True
    assert FILES["solution.py"] == "def f(x):\n    return x\n"  # the input is never mutated
    flat, submit = apply_coder_action(json.dumps({"tool": "write_file", "path": "solution.py", "content": "y = 1\n"}),
                                      FILES, EDITABLE)
    assert flat["solution.py"] == "y = 1\n" and submit is False


@pytest.mark.parametrize("action, message", [
    ([{"tool": "write_file", "args": {"path": "solution.py", "text": "ok"}}, {"tool": "nope"}], "unknown tool"),
    ({"tool": "write_file", "args": {"path": "helper_data.txt", "text": "x"}}, "solution files"),
    ({"tool": "replace_lines", "args": {"path": "helper_data.txt", "start_line": 1, "end_line": 1, "text": ""}},
     "solution files"),
    ({"tool": "create_file", "args": {"path": "conftest.py", "text": "x"}}, "unknown tool"),
    ({"tool": "write_file", "args": {"path": "solution.py", "text": "a", "content": "b"}}, "write_file needs"),
    ([{"tool": "submit"}] * (MAX_CALLS + 1), "at most"),
    ("\ud800", "UTF-8"),
])
def test_bad_calls_are_action_errors_and_nothing_is_applied(action, message):
    text = action if isinstance(action, str) else json.dumps(action)
    with pytest.raises(ActionError, match=message):
        apply_coder_action(text, FILES, EDITABLE)

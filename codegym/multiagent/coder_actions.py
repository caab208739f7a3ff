"""The coder's text actions in ``testgen_coder_v2``: CodeEdit-style tool calls on its solution files.

One round's action is one tool call or a JSON list of up to :data:`MAX_CALLS` of them,
applied in order and atomically (one bad call and the round's files stay as they were):

* ``{"tool": "write_file", "args": {"path": "solution.py", "text": "..."}}`` — replace a
  solution file (``"content"`` is accepted for ``"text"``, and the flat form
  ``{"tool": "write_file", "path": ..., "content": ...}`` too);
* ``replace_lines``, ``insert_lines``, ``replace_symbol`` — CodeEdit's edit tools, same
  arguments, parsed and carried out by :mod:`codegym.envs.tools`;
* ``{"tool": "submit"}`` — this round's program is final: the episode ends after it.

Only the task's solution files can be changed (so the generated tests import the same
modules from the reference and from the coder's files). Every problem is an
:class:`~codegym.errors.ActionError` naming it; the env turns it into a penalty.

Example:
    >>> files = {"solution.py": "x = 1\\n"}
    >>> apply_coder_action('{"tool": "write_file", "args": {"path": "solution.py", "text": "x = 2"}}',
    ...                    files, ["solution.py"])
    ({'solution.py': 'x = 2'}, False)
"""

from __future__ import annotations

import json
from typing import Any, Mapping, Sequence

from codegym.envs.tools import MAX_ACTION_CHARS, MAX_FILE_CHARS, check_text, parse_action, run_file_tool
from codegym.errors import ActionError

MAX_CALLS = 8
EDIT_TOOLS = ("replace_lines", "insert_lines", "replace_symbol")
CODER_TOOLS = ("write_file", *EDIT_TOOLS, "submit")
EXAMPLE = '{"tool": "write_file", "args": {"path": "solution.py", "text": "def f(x):\\n    return x\\n"}}'


def _load(action: Any) -> Any:
    if isinstance(action, (dict, list)):
        return action
    if not isinstance(action, str):
        raise ActionError(f"a coder action is JSON text (one tool call or a list of them), got {type(action).__name__}; "
                          f"e.g. {EXAMPLE}")
    if len(action) > MAX_ACTION_CHARS:
        raise ActionError(f"the action is {len(action)} characters long; the limit is {MAX_ACTION_CHARS}")
    check_text(action, "the action")
    try:
        return json.loads(action)
    except (ValueError, RecursionError) as exc:
        raise ActionError(f"the action is not valid JSON ({str(exc)[:120]}); send e.g. {EXAMPLE}") from None


def _write_file(call: Mapping[str, Any], files: dict[str, str], editable: Sequence[str]) -> None:
    args = call.get("args") if "args" in call else {k: v for k, v in call.items() if k != "tool"}
    extra = set(call) - {"tool", "args"} if "args" in call else set()
    if extra or not isinstance(args, Mapping):
        raise ActionError(f'write_file takes {{"path", "text"}} in "args"; e.g. {EXAMPLE}')
    text = args.get("text", args.get("content"))
    unknown = set(args) - {"path", "text", "content"}
    if unknown or "path" not in args or not isinstance(text, str) or ("text" in args and "content" in args):
        raise ActionError(f'write_file needs a "path" and a string "text" (or "content") and nothing else; e.g. {EXAMPLE}')
    path = args["path"]
    if path not in editable:
        raise ActionError(f"write_file: you may only write your solution files {list(editable)}, got {str(path)[:80]!r}")
    if len(text) > MAX_FILE_CHARS:
        raise ActionError(f"write_file: {path} would be {len(text)} characters long; the limit is {MAX_FILE_CHARS}")
    check_text(text, "write_file: 'text'")
    files[path] = text


def apply_coder_action(action: Any, files: Mapping[str, str], editable: Sequence[str]) -> tuple[dict[str, str], bool]:
    """The files after ``action`` and whether it submitted; ActionError on any problem (files untouched)."""
    payload = _load(action)
    calls = payload if isinstance(payload, list) else [payload]
    if not calls:
        raise ActionError(f"the action is an empty list; send at least one tool call, e.g. {EXAMPLE}")
    if len(calls) > MAX_CALLS:
        raise ActionError(f"at most {MAX_CALLS} tool calls per round, got {len(calls)}")
    new = dict(files)
    submit = False
    for i, call in enumerate(calls):
        where = f"call {i}" if len(calls) > 1 else "the action"
        if not isinstance(call, Mapping) or not isinstance(call.get("tool"), str):
            raise ActionError(f'{where} must be a JSON object with a "tool" ({", ".join(CODER_TOOLS)}); e.g. {EXAMPLE}')
        tool = call["tool"]
        if tool == "write_file":
            _write_file(call, new, editable)
            continue
        if tool not in CODER_TOOLS:
            raise ActionError(f"{where}: unknown tool {tool[:60]!r}; the coder's tools are {', '.join(CODER_TOOLS)}")
        parsed = parse_action(dict(call))
        if parsed.name == "submit":
            submit = True
            continue
        path = parsed.args.get("path")
        if path not in editable:
            raise ActionError(f"{parsed.name}: you may only edit your solution files {list(editable)}, got {str(path)[:80]!r}")
        result = run_file_tool(parsed.name, new, parsed.args)
        if result.edit is not None:
            new[result.edit[0]] = result.edit[1]
    return new, submit

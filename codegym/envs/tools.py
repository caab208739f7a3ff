"""The tools of ``codegym/CodeEdit-v4``: schemas, argument validation and the file tools.

An action is one tool call, as JSON text or an already-parsed dict::

    {"tool": "view_file", "args": {"path": "solution.py", "start_line": 10}}

(the OpenAI tool-call shape ``{"name": ..., "arguments": "<json>"}`` is accepted too).
:data:`TOOLS` describes every tool; :func:`openai_tools` renders them in the OpenAI
function-calling format, and :func:`parse_action` checks an action against the same
schemas. Every problem is an :class:`~codegym.errors.ActionError` whose message names
the tool, the argument and what is expected.

The file tools (:data:`FILE_TOOLS`) are pure functions of the agent's files (a
``{path: text}`` dict, never mutated here): they return the text to show and at most
one ``(path, new text)`` edit for the env to store. The executing tools (``run_tests``,
``run_python``, ``submit``) need the sandbox and are carried out by the env.

Example:
    >>> call = parse_action('{"tool": "view_file", "args": {"path": "solution.py"}}')
    >>> call.name, call.args
    ('view_file', {'path': 'solution.py', 'start_line': 1, 'end_line': None})
    >>> print(run_file_tool("view_file", {"solution.py": "x = 1\\n"}, call.args).output)
    solution.py (lines 1-1 of 1)
    1| x = 1
"""

from __future__ import annotations

import copy
import difflib
import json
import re
import sys
from collections import OrderedDict
from dataclasses import dataclass
from types import MappingProxyType
from typing import Any, Callable, Mapping

from codegym.code import edits
from codegym.code.text import split_lines
from codegym.code.outline import Symbol, outline
from codegym.errors import ActionError, SandboxPathError
from codegym.sandbox import check_relative_path

#: Longest action text accepted (a JSON call carrying a ``MAX_ARG_CHARS`` text, escaped).
MAX_ACTION_CHARS = 250_000
#: Longest string argument (file text, code, pattern) accepted.
MAX_ARG_CHARS = 100_000
MAX_PATH_CHARS = 200
MAX_PATTERN_CHARS = 1_000
MAX_LINE = 1_000_000_000
#: Limits on the agent's files.
MAX_FILES = 32
MAX_FILE_CHARS = 200_000
MAX_TOTAL_CHARS = 1_000_000
#: Output caps of the file tools.
VIEW_MAX_LINES = 200
VIEW_MAX_LINE_CHARS = 500
SEARCH_MAX_HITS = 100
EDIT_CONTEXT_LINES = 2
EDIT_MAX_SHOWN = 30

_SYMBOLS: "OrderedDict[str, tuple[Symbol, ...]]" = OrderedDict()
_SYMBOLS_SIZE = 1024

EXAMPLE_ACTION = '{"tool": "view_file", "args": {"path": "solution.py", "start_line": 1}}'
_PATH_OK = re.compile(r"[A-Za-z0-9_.\-/]+")
#: Names the agent may not create: they would change how Python or pytest behave
#: (a conftest.py or a module shadowing pytest could fake test results).
_RESERVED_BASENAMES = frozenset({
    "conftest.py", "pytest.ini", "tox.ini", "setup.cfg", "pyproject.toml", "setup.py",
    "sitecustomize.py", "usercustomize.py", "__main__.py",
})
_RESERVED_MODULES = frozenset(sys.stdlib_module_names) | {
    "pytest", "_pytest", "pluggy", "py", "iniconfig", "packaging", "conftest", "_codegym_tests",
}


def _short(value: Any, limit: int = 60) -> str:
    """A short, safe repr of an arbitrary value for error messages."""
    if isinstance(value, (str, int, float, bool)) or value is None:
        try:
            text = repr(value)
        except ValueError:  # an int past the str-conversion digit limit
            text = f"<{type(value).__name__} too long to show>"
        return text if len(text) <= limit else text[: limit - 3] + "..."
    return f"<{type(value).__name__}>"


# ---------------------------------------------------------------- schemas


@dataclass(frozen=True)
class Tool:
    """One tool: its name, what it does, its JSON-schema parameters, and whether it runs code."""

    name: str
    description: str
    parameters: Mapping[str, Any]
    executes: bool = False

    def signature(self) -> str:
        """``view_file(path: string, start_line: integer = 1, end_line: integer | null = null)``."""
        parts = []
        required = set(self.parameters["required"])
        for arg, schema in self.parameters["properties"].items():
            kind = schema["type"] if isinstance(schema["type"], str) else " | ".join(schema["type"])
            part = f"{arg}: {kind}"
            if arg not in required:
                part += f" = {json.dumps(schema.get('default'))}"
            parts.append(part)
        return f"{self.name}({', '.join(parts)})"


def _object(properties: dict, required: tuple[str, ...] = ()) -> dict:
    return {"type": "object", "properties": properties, "required": list(required), "additionalProperties": False}


def _path(description: str = "Path of the file, relative to the workspace (e.g. 'solution.py').") -> dict:
    return {"type": "string", "description": description, "maxLength": MAX_PATH_CHARS}


def _line(description: str, minimum: int = 1, **extra: Any) -> dict:
    return {"type": "integer", "description": description, "minimum": minimum, "maximum": MAX_LINE, **extra}


def _text(description: str) -> dict:
    return {"type": "string", "description": description, "maxLength": MAX_ARG_CHARS}


TOOLS: tuple[Tool, ...] = (
    Tool("list_files", "List the files you can edit, with their line counts.", _object({})),
    Tool(
        "view_file",
        f"Show lines start_line..end_line (1-based, inclusive) of a file, numbered; at most {VIEW_MAX_LINES} lines per call.",
        _object({
            "path": _path(),
            "start_line": _line("First line to show.", default=1),
            "end_line": {"type": ["integer", "null"], "description": "Last line to show (null: the end of the file).",
                         "minimum": 1, "maximum": MAX_LINE, "default": None},
        }, ("path",)),
    ),
    Tool(
        "search",
        f"Find the lines containing a text (or matching a Python regular expression) in your files; at most {SEARCH_MAX_HITS} hits.",
        _object({
            "pattern": {"type": "string", "description": "The text to look for (a regular expression with regex=true).",
                        "maxLength": MAX_PATTERN_CHARS},
            "regex": {"type": "boolean", "description": "Treat pattern as a Python regular expression.", "default": False},
            "path": {"type": ["string", "null"], "description": "Search only this file (null: every file).",
                     "maxLength": MAX_PATH_CHARS, "default": None},
        }, ("pattern",)),
    ),
    Tool(
        "replace_lines",
        "Replace lines start_line..end_line (1-based, inclusive) of a file by text; an empty text deletes them.",
        _object({
            "path": _path(),
            "start_line": _line("First line to replace."),
            "end_line": _line("Last line to replace (inclusive)."),
            "text": _text("The new lines (written exactly as given, indentation included)."),
        }, ("path", "start_line", "end_line", "text")),
    ),
    Tool(
        "insert_lines",
        "Insert text as whole lines after line after_line of a file (0 inserts at the top).",
        _object({
            "path": _path(),
            "after_line": _line("Insert after this line (0: at the top of the file).", minimum=0),
            "text": _text("The lines to insert."),
        }, ("path", "after_line", "text")),
    ),
    Tool(
        "replace_symbol",
        "Replace the whole definition of a function, class or method of a Python file, found by its qualified name "
        "(e.g. 'solve', 'Stack.push'); text is re-indented to the symbol's level. An empty text deletes it.",
        _object({
            "path": _path(),
            "name": {"type": "string", "description": "Qualified name of the symbol, as in the outline (e.g. 'Stack.push').",
                     "maxLength": MAX_PATH_CHARS},
            "text": _text("The complete new definition (decorators, header and body)."),
        }, ("path", "name", "text")),
    ),
    Tool(
        "create_file",
        f"Create a new file (e.g. a helper module); at most {MAX_FILES} files. Existing files are changed with the edit tools.",
        _object({
            "path": _path("Path of the new file, relative to the workspace (letters, digits, '_', '-', '.', '/')."),
            "text": _text("The content of the file."),
        }, ("path", "text")),
    ),
    Tool("run_tests", "Run the task's visible tests against your files and show which pass and why others fail.",
         _object({}), executes=True),
    Tool(
        "run_python",
        "Run a Python snippet in a fresh sandbox holding your files (import them as modules); shows exit code, stdout and stderr.",
        _object({"code": _text("The Python source to run.")}, ("code",)),
        executes=True,
    ),
    Tool("submit", "Submit your files: hidden tests judge them and the episode ends.", _object({}), executes=True),
)

TOOLS_BY_NAME: Mapping[str, Tool] = MappingProxyType({tool.name: tool for tool in TOOLS})
TOOL_NAMES: tuple[str, ...] = tuple(TOOLS_BY_NAME)
_DEFAULTS: Mapping[str, Mapping[str, Any]] = MappingProxyType({
    tool.name: MappingProxyType({arg: schema["default"] for arg, schema in tool.parameters["properties"].items()
                                 if "default" in schema})
    for tool in TOOLS
})


def openai_tools() -> list[dict]:
    """Every tool in the OpenAI function-calling format (a fresh, JSON-serialisable copy)."""
    return [{"type": "function", "function": {"name": tool.name, "description": tool.description,
                                              "parameters": copy.deepcopy(tool.parameters)}} for tool in TOOLS]


def tool_help() -> str:
    """One line per tool: its signature (what the env shows at reset)."""
    lines = [f"Act with one tool call per step as JSON, e.g. {EXAMPLE_ACTION}. Tools:"]
    lines += [f"  {tool.signature()}: {tool.description}" for tool in TOOLS]
    return "\n".join(lines)


# ---------------------------------------------------------------- validation

_TYPE_NAMES = {"string": "a string", "integer": "an integer", "boolean": "true or false", "null": "null"}


def _has_type(value: Any, kind: str) -> bool:
    if kind == "string":
        return isinstance(value, str)
    if kind == "integer":
        return isinstance(value, int) and not isinstance(value, bool)
    if kind == "boolean":
        return isinstance(value, bool)
    if kind == "null":
        return value is None
    return False  # pragma: no cover - only the kinds above appear in TOOLS


def check_text(value: str, where: str) -> None:
    """Raise unless ``value`` can be stored as UTF-8 (no lone surrogates)."""
    if not value.isascii():
        try:
            value.encode("utf-8")
        except UnicodeEncodeError as exc:
            raise ActionError(f"{where} is not valid UTF-8 text ({exc.reason} at character {exc.start}); "
                              "send text without lone surrogates") from None


def _check_value(tool: Tool, arg: str, schema: Mapping[str, Any], value: Any) -> None:
    kinds = (schema["type"],) if isinstance(schema["type"], str) else tuple(schema["type"])
    if not any(_has_type(value, kind) for kind in kinds):
        expected = " or ".join(_TYPE_NAMES[k] for k in kinds)
        got = "null" if value is None else f"{type(value).__name__} {_short(value)}"
        raise ActionError(f"{tool.name}: argument {arg!r} must be {expected}, got {got}; usage: {tool.signature()}")
    if isinstance(value, str):
        limit = schema.get("maxLength")
        if limit is not None and len(value) > limit:
            raise ActionError(f"{tool.name}: argument {arg!r} is {len(value)} characters long; the limit is {limit}")
        check_text(value, f"{tool.name}: argument {arg!r}")
    elif isinstance(value, int) and not isinstance(value, bool):
        minimum = schema.get("minimum")
        if minimum is not None and value < minimum:
            raise ActionError(f"{tool.name}: argument {arg!r} must be >= {minimum}, got {_short(value)}")
        maximum = schema.get("maximum")
        if maximum is not None and value > maximum:
            raise ActionError(f"{tool.name}: argument {arg!r} must be <= {maximum}, got {_short(value)}")


def validate_args(name: str, args: Any) -> dict:
    """Check ``args`` against tool ``name``'s schema; return them with defaults filled in."""
    tool = TOOLS_BY_NAME.get(name) if isinstance(name, str) else None
    if tool is None:
        raise ActionError(_unknown_tool(name))
    if args is None:
        args = {}
    if not isinstance(args, (dict, Mapping)):
        raise ActionError(f"{tool.name}: 'args' must be a JSON object of named arguments, got {type(args).__name__}; "
                          f"usage: {tool.signature()}")
    properties = tool.parameters["properties"]
    unknown = [key for key in args if key not in properties]
    if unknown:
        accepted = ", ".join(properties) if properties else "no arguments"
        raise ActionError(f"{tool.name}: unknown argument {_short(unknown[0])}; it takes {accepted}; "
                          f"usage: {tool.signature()}")
    missing = [key for key in tool.parameters["required"] if key not in args]
    if missing:
        raise ActionError(f"{tool.name}: missing required argument {missing[0]!r} "
                          f"({properties[missing[0]]['description']}); usage: {tool.signature()}")
    for key, value in args.items():
        _check_value(tool, key, properties[key], value)
    defaults = _DEFAULTS[tool.name]
    return {key: args[key] if key in args else defaults[key] for key in properties if key in args or key in defaults}


def _unknown_tool(name: Any) -> str:
    if not isinstance(name, str):
        return f"'tool' must be a tool name (a string), got {type(name).__name__}; the tools are {', '.join(TOOL_NAMES)}"
    close = difflib.get_close_matches(name[:100], TOOL_NAMES, n=1)
    hint = f"; did you mean {close[0]!r}?" if close else ""
    return f"unknown tool {_short(name)}{hint} The tools are {', '.join(TOOL_NAMES)}"


@dataclass(frozen=True)
class ToolCall:
    """A validated tool call: the tool's name and its arguments (defaults filled in)."""

    name: str
    args: dict

    def as_dict(self) -> dict:
        return {"tool": self.name, "args": self.args}


def _loads(text: str, what: str) -> Any:
    try:
        return json.loads(text)
    except json.JSONDecodeError as exc:
        raise ActionError(f"{what} is not valid JSON ({exc.msg} at line {exc.lineno} column {exc.colno}); "
                          f"send one tool call such as {EXAMPLE_ACTION}") from None
    except (ValueError, RecursionError) as exc:  # too deeply nested, or an integer too long to convert
        raise ActionError(f"{what} could not be read as JSON ({type(exc).__name__}: {str(exc)[:120]}); "
                          f"send one tool call such as {EXAMPLE_ACTION}") from None


def parse_action(action: Any) -> ToolCall:
    """Read one action (JSON text or dict) into a validated :class:`ToolCall`, or raise ActionError."""
    if isinstance(action, str):
        if len(action) > MAX_ACTION_CHARS:
            raise ActionError(f"the action is {len(action)} characters long; the limit is {MAX_ACTION_CHARS}")
        check_text(action, "the action")
        data = _loads(action, "the action")
    elif isinstance(action, (dict, Mapping)):
        data = action
    else:
        raise ActionError(f"an action is one tool call as JSON text such as {EXAMPLE_ACTION} (or the same as a dict), "
                          f"got {type(action).__name__}")
    if not isinstance(data, (dict, Mapping)):
        raise ActionError(f"the action must be a JSON object such as {EXAMPLE_ACTION}, got a JSON {type(data).__name__}")
    if "tool" in data:
        name, args, allowed = data["tool"], data.get("args"), {"tool", "args"}
    elif "name" in data:  # the OpenAI tool-call shape: {"name": ..., "arguments": "<json>" or {...}}
        name, args, allowed = data["name"], data.get("arguments"), {"name", "arguments"}
        if isinstance(args, str):
            if len(args) > MAX_ACTION_CHARS:
                raise ActionError(f"'arguments' is {len(args)} characters long; the limit is {MAX_ACTION_CHARS}")
            check_text(args, "'arguments'")
            args = _loads(args, "'arguments'") if args.strip() else {}
    else:
        keys = ", ".join(_short(k) for k in list(data)[:5]) or "none"
        raise ActionError(f"the action has no 'tool' key (keys: {keys}); send {EXAMPLE_ACTION}")
    extra = [key for key in data if key not in allowed]
    if extra:
        raise ActionError(f"the action has an unknown key {_short(extra[0])}; use only {sorted(allowed)}, e.g. {EXAMPLE_ACTION}")
    if not (isinstance(name, str) and name in TOOLS_BY_NAME):
        raise ActionError(_unknown_tool(name))
    return ToolCall(name, validate_args(name, args))


# ---------------------------------------------------------------- file tools


@dataclass(frozen=True)
class ToolResult:
    """What a file tool did: the text to show, and at most one ``(path, new text)`` to store."""

    output: str
    edit: tuple[str, str] | None = None


def _clean_path(tool: str, path: str) -> str:
    try:
        return check_relative_path(path)
    except SandboxPathError as exc:
        raise ActionError(f"{tool}: bad path: {exc}") from None


def _file_list(files: Mapping[str, str]) -> str:
    names = sorted(files)
    shown = ", ".join(names[:20]) + (f", ... ({len(names) - 20} more)" if len(names) > 20 else "")
    return shown or "(none)"


def existing_path(tool: str, files: Mapping[str, str], path: str) -> str:
    """The normalised ``path``, which must name one of ``files``."""
    clean = _clean_path(tool, path)
    if clean not in files:
        close = difflib.get_close_matches(clean, list(files), n=1)
        hint = f"; did you mean {close[0]!r}?" if close else ""
        raise ActionError(f"{tool}: no file {_short(clean)}{hint} The files are: {_file_list(files)}")
    return clean


def _line_count(text: str) -> int:
    return text.count("\n") + (1 if text and not text.endswith("\n") else 0)


def _numbered(lines: list[str], first: int, width: int) -> list[str]:
    out = []
    for number, line in enumerate(lines, start=first):
        line = line.rstrip("\n")
        if len(line) > VIEW_MAX_LINE_CHARS:
            line = line[:VIEW_MAX_LINE_CHARS] + f" ...[{len(line) - VIEW_MAX_LINE_CHARS} more characters]"
        out.append(f"{number:>{width}}| {line}")
    return out


def list_files(files: Mapping[str, str]) -> ToolResult:
    if not files:
        return ToolResult("(no files)")
    rows = []
    for path in sorted(files):
        lines = _line_count(files[path])
        rows.append(f"{path} ({lines} line{'' if lines == 1 else 's'}, {len(files[path])} characters)")
    return ToolResult("\n".join(rows))


def view_file(files: Mapping[str, str], path: str, start_line: int = 1, end_line: int | None = None) -> ToolResult:
    path = existing_path("view_file", files, path)
    lines = split_lines(files[path])
    count = len(lines)
    if count == 0:
        if start_line == 1:
            return ToolResult(f"{path} is empty")
        raise ActionError(f"view_file: {path} is empty; view it with start_line=1")
    if start_line > count:
        raise ActionError(f"view_file: start_line {start_line} is past the end of {path}, which has {count} "
                          f"line{'' if count == 1 else 's'}; valid lines are 1-{count}")
    if end_line is not None and end_line < start_line:
        raise ActionError(f"view_file: end_line {end_line} is before start_line {start_line}; give end_line >= start_line")
    last = count if end_line is None else min(end_line, count)
    shown_last = min(last, start_line + VIEW_MAX_LINES - 1)
    width = len(str(shown_last))
    rows = [f"{path} (lines {start_line}-{shown_last} of {count})"]
    rows += _numbered(lines[start_line - 1: shown_last], start_line, width)
    if shown_last < last:
        rows.append(f"... {last - shown_last} more lines; view them with start_line={shown_last + 1}")
    return ToolResult("\n".join(rows))


def search_files(files: Mapping[str, str], pattern: str, regex: bool = False, path: str | None = None) -> ToolResult:
    targets = [existing_path("search", files, path)] if path is not None else sorted(files)
    if not targets:
        raise ActionError("search: there are no files to search; create one with create_file")
    if not pattern:
        raise ActionError("search: the pattern is empty; give the text (or regex=true and a regular expression) to look for")
    if regex:
        try:
            re.compile(pattern)
        except (re.error, OverflowError, RecursionError, ValueError) as exc:
            raise ActionError(f"search: invalid regular expression {_short(pattern)}: {exc}; fix it, or pass "
                              "regex=false to search for the literal text") from None
    hits: list[str] = []
    total = 0
    for target in targets:
        try:
            found = edits.search(files[target], pattern, regex=regex, max_hits=SEARCH_MAX_HITS + 1 - total)
        except ActionError as exc:  # pragma: no cover - the checks above come first
            raise ActionError(f"search: {exc}") from None
        for number, line in found:
            if len(line) > VIEW_MAX_LINE_CHARS:
                line = line[:VIEW_MAX_LINE_CHARS] + " ..."
            hits.append(f"{target}:{number}: {line}")
        total += len(found)
        if total > SEARCH_MAX_HITS:
            break
    kind = "regex" if regex else "text"
    where = targets[0] if path is not None else "your files"
    if not hits:
        return ToolResult(f"no line of {where} matches {kind} {_short(pattern)}")
    head = f"{min(total, SEARCH_MAX_HITS)} match{'' if total == 1 else 'es'} for {kind} {_short(pattern)} in {where}"
    if total > SEARCH_MAX_HITS:
        head += f" (stopped at {SEARCH_MAX_HITS}; narrow the pattern or give a path)"
    return ToolResult("\n".join([head, *hits[:SEARCH_MAX_HITS]]))


def _check_sizes(tool: str, files: Mapping[str, str], path: str, text: str) -> None:
    if len(text) > MAX_FILE_CHARS:
        raise ActionError(f"{tool}: {path} would be {len(text)} characters long; the limit per file is {MAX_FILE_CHARS}")
    total = sum(len(t) for p, t in files.items() if p != path) + len(text)
    if total > MAX_TOTAL_CHARS:
        raise ActionError(f"{tool}: your files would total {total} characters; the limit is {MAX_TOTAL_CHARS}")


def _excerpt(text: str, first: int, last: int) -> str:
    """Numbered lines first..last of ``text`` with a little context (what an edit left there)."""
    lines = split_lines(text)
    if not lines:
        return "(the file is now empty)"
    lo = max(1, first - EDIT_CONTEXT_LINES)
    hi = min(len(lines), max(last, first) + EDIT_CONTEXT_LINES)
    cut = hi - lo + 1 > EDIT_MAX_SHOWN
    if cut:
        hi = lo + EDIT_MAX_SHOWN - 1
    rows = _numbered(lines[lo - 1: hi], lo, len(str(hi)))
    if cut:
        rows.append("...")
    return "\n".join(rows)


def _edited(tool: str, files: Mapping[str, str], path: str, new: str, summary: str, first: int, last: int) -> ToolResult:
    _check_sizes(tool, files, path, new)
    count = _line_count(new)
    return ToolResult(f"{summary}; {path} now has {count} line{'' if count == 1 else 's'}:\n{_excerpt(new, first, last)}",
                      (path, new))


def replace_lines(files: Mapping[str, str], path: str, start_line: int, end_line: int, text: str) -> ToolResult:
    path = existing_path("replace_lines", files, path)
    try:
        new = edits.replace_lines(files[path], start_line, end_line, text)
    except ActionError as exc:
        raise ActionError(f"replace_lines: {path}: {exc}") from None
    added = _line_count(text)
    what = f"replaced lines {start_line}-{end_line} of {path} with {added} line{'' if added == 1 else 's'}" if added \
        else f"deleted lines {start_line}-{end_line} of {path}"
    return _edited("replace_lines", files, path, new, what, start_line, start_line + max(added, 1) - 1)


def insert_lines(files: Mapping[str, str], path: str, after_line: int, text: str) -> ToolResult:
    path = existing_path("insert_lines", files, path)
    try:
        new = edits.insert_lines(files[path], after_line, text)
    except ActionError as exc:
        raise ActionError(f"insert_lines: {path}: {exc}") from None
    added = _line_count(text)
    what = f"inserted {added} line{'' if added == 1 else 's'} after line {after_line} of {path}"
    return _edited("insert_lines", files, path, new, what, after_line + 1, after_line + max(added, 1))


def symbols_of(source: str) -> tuple[Symbol, ...]:
    """``codegym.code.outline(source)``, memoised by content."""
    found = _SYMBOLS.get(source)
    if found is None:
        found = _SYMBOLS[source] = tuple(outline(source))
        while len(_SYMBOLS) > _SYMBOLS_SIZE:
            _SYMBOLS.popitem(last=False)
    return found


def replace_symbol(files: Mapping[str, str], path: str, name: str, text: str) -> ToolResult:
    path = existing_path("replace_symbol", files, path)
    if not path.endswith(".py"):
        raise ActionError(f"replace_symbol: {path} is not a Python (.py) file; edit it with replace_lines")
    source = files[path]
    wanted = name.strip()
    symbol = next((s for s in symbols_of(source) if s.qualname == wanted), None)
    try:
        if symbol is None:
            edits.find_symbol(source, wanted)  # raises the ActionError listing the known symbols
            raise ActionError(f"no function, class or method named {wanted!r}")  # pragma: no cover
        # what codegym.code.replace_symbol does, without outlining the file a second time
        first = split_lines(source)[symbol.start_line - 1]
        indent = first[: len(first) - len(first.lstrip(" \t"))]
        new = edits.replace_lines(source, symbol.start_line, symbol.end_line, edits._reindent(text, indent))
    except ActionError as exc:
        raise ActionError(f"replace_symbol: {path}: {exc}") from None
    delta = _line_count(new) - _line_count(source)
    new_end = symbol.end_line + delta
    if new_end < symbol.start_line:
        what = f"deleted {symbol.kind} {symbol.qualname} (lines {symbol.start_line}-{symbol.end_line}) of {path}"
    else:
        what = (f"replaced {symbol.kind} {symbol.qualname} (lines {symbol.start_line}-{symbol.end_line}) of {path}; "
                f"it is now lines {symbol.start_line}-{new_end}")
    return _edited("replace_symbol", files, path, new, what, symbol.start_line, max(symbol.start_line, new_end))


def check_new_path(files: Mapping[str, str], path: str) -> str:
    """The normalised path of a file the agent may create, or an ActionError saying why not."""
    clean = _clean_path("create_file", path)
    if not _PATH_OK.fullmatch(clean):
        raise ActionError(f"create_file: path {_short(clean)} may only use letters, digits, '_', '-', '.' and '/'")
    parts = clean.split("/")
    base = parts[-1]
    if any(part.startswith(".") for part in parts):
        raise ActionError(f"create_file: path {_short(clean)} has a hidden (dot-named) component; choose a plain name")
    module = parts[0].removesuffix(".py") if len(parts) > 1 or base.endswith(".py") else None
    if base in _RESERVED_BASENAMES or base.endswith(".pth") or module in _RESERVED_MODULES:
        raise ActionError(f"create_file: {_short(clean)} is a reserved name (it would shadow a standard module or "
                          "configure the test runner); choose another name")
    if clean in files:
        raise ActionError(f"create_file: {clean} already exists; change it with replace_lines, insert_lines or replace_symbol")
    for existing in files:
        if existing.startswith(clean + "/"):
            raise ActionError(f"create_file: {clean} is a directory holding {existing}; choose another name")
        if clean.startswith(existing + "/"):
            raise ActionError(f"create_file: {existing} is a file, so it cannot hold {clean}; choose another path")
    if len(files) >= MAX_FILES:
        raise ActionError(f"create_file: you already have {len(files)} files; the limit is {MAX_FILES}")
    return clean


def create_file(files: Mapping[str, str], path: str, text: str) -> ToolResult:
    clean = check_new_path(files, path)
    _check_sizes("create_file", files, clean, text)
    count = _line_count(text)
    return ToolResult(f"created {clean} ({count} line{'' if count == 1 else 's'})", (clean, text))


#: The tools that only read or edit the files: name -> function(files, **args).
FILE_TOOLS: Mapping[str, Callable[..., ToolResult]] = MappingProxyType({
    "list_files": list_files,
    "view_file": view_file,
    "search": search_files,
    "replace_lines": replace_lines,
    "insert_lines": insert_lines,
    "replace_symbol": replace_symbol,
    "create_file": create_file,
})
#: The tools the env carries out with its sandbox.
EXECUTING_TOOLS = frozenset(tool.name for tool in TOOLS if tool.executes)


def run_file_tool(name: str, files: Mapping[str, str], args: Mapping[str, Any]) -> ToolResult:
    """Carry out file tool ``name`` with validated ``args`` (see :func:`parse_action`)."""
    return FILE_TOOLS[name](files, **args)

"""CodeEdit-v4's tools without a sandbox: schemas, the argument validator and the file tools."""

from __future__ import annotations

import json

import pytest

from codegym.code import render_outline, replace_symbol as code_replace_symbol
from codegym.envs import tools
from codegym.envs.codeedit import CodeEditEnv, file_outline, outline_of
from codegym.errors import ActionError, ConfigError

PUBLIC_TOOLS = ["list_files", "view_file", "search", "replace_lines", "insert_lines", "replace_symbol",
                "create_file", "run_tests", "run_python", "submit"]

SOURCE = '''import math


class Stack:
    """A stack."""

    def __init__(self):
        self.items = []

    @staticmethod
    def helper(x):
        return x

    def push(self, x):
        self.items.append(x)
        return None


def area(r):
    return math.pi * r ** 2
'''
FILES = {"solution.py": SOURCE, "notes.txt": "alpha\nbeta\ngamma"}


def call(tool: str, /, **args) -> tools.ToolResult:
    return tools.run_file_tool(tool, FILES, tools.validate_args(tool, args))


def rejected(action) -> str:
    with pytest.raises(ActionError) as info:
        tools.parse_action(action)
    message = str(info.value)
    assert message
    return message


# ---------------------------------------------------------------- schemas


def test_openai_tools_are_valid_json_one_per_tool() -> None:
    schemas = tools.openai_tools()
    assert json.loads(json.dumps(schemas)) == schemas
    assert [entry["function"]["name"] for entry in schemas] == PUBLIC_TOOLS
    for entry in schemas:
        assert set(entry) == {"type", "function"} and entry["type"] == "function"
        function = entry["function"]
        assert set(function) == {"name", "description", "parameters"} and function["description"]
        params = function["parameters"]
        assert params["type"] == "object" and params["additionalProperties"] is False
        assert set(params["required"]) <= set(params["properties"])
        for schema in params["properties"].values():
            kinds = [schema["type"]] if isinstance(schema["type"], str) else schema["type"]
            assert set(kinds) <= {"string", "integer", "boolean", "null"} and schema["description"]


def test_env_exposes_the_schemas_and_copies_them() -> None:
    env = CodeEditEnv()
    try:
        assert env.tools == tools.openai_tools()
        env.tools[0]["function"]["name"] = "changed"
        assert tools.openai_tools()[0]["function"]["name"] == "list_files"
    finally:
        env.close()


def test_signatures_and_help_name_every_tool() -> None:
    assert tools.TOOLS_BY_NAME["view_file"].signature() == \
        "view_file(path: string, start_line: integer = 1, end_line: integer | null = null)"
    help_text = tools.tool_help()
    assert all(f"{name}(" in help_text for name in PUBLIC_TOOLS)


# ---------------------------------------------------------------- validation


def test_parse_accepts_text_dicts_and_the_openai_shape() -> None:
    expected = tools.ToolCall("search", {"pattern": "x", "regex": False, "path": None})
    assert tools.parse_action('{"tool": "search", "args": {"pattern": "x"}}') == expected
    assert tools.parse_action({"tool": "search", "args": {"pattern": "x"}}) == expected
    assert tools.parse_action({"name": "search", "arguments": '{"pattern": "x"}'}) == expected
    assert tools.parse_action({"name": "search", "arguments": {"pattern": "x"}}) == expected
    assert tools.parse_action('{"tool": "submit"}') == tools.ToolCall("submit", {})
    assert tools.parse_action('{"tool": "list_files", "args": null}') == tools.ToolCall("list_files", {})


@pytest.mark.parametrize("args, arg, expected", [
    ({"path": 3}, "path", "a string"),
    ({"path": "a.py", "start_line": "2"}, "start_line", "an integer"),
    ({"path": "a.py", "start_line": True}, "start_line", "an integer"),
    ({"path": "a.py", "start_line": 2.0}, "start_line", "an integer"),
    ({"path": "a.py", "start_line": 0}, "start_line", ">= 1"),
    ({"path": "a.py", "start_line": 10 ** 12}, "start_line", "<= "),
    ({"path": "a.py", "end_line": "x"}, "end_line", "an integer or null"),
    ({"path": None}, "path", "a string"),
    ({"path": "\ud800.py"}, "path", "UTF-8"),
    ({"path": "a" * 300}, "path", "limit"),
])
def test_validator_names_tool_argument_and_expectation(args, arg, expected) -> None:
    message = rejected({"tool": "view_file", "args": args})
    assert "view_file" in message and repr(arg) in message and expected in message


def test_validator_rejects_missing_unknown_and_mistyped_args() -> None:
    message = rejected({"tool": "replace_lines", "args": {"path": "a.py", "start_line": 1, "end_line": 1}})
    assert "replace_lines" in message and "missing" in message and "'text'" in message
    message = rejected({"tool": "view_file", "args": {"path": "a.py", "line": 3}})
    assert "view_file" in message and "unknown argument 'line'" in message and "start_line" in message
    message = rejected({"tool": "run_tests", "args": {"verbose": True}})
    assert "run_tests" in message and "'verbose'" in message and "no arguments" in message
    message = rejected({"tool": "search", "args": {"pattern": "x", "regex": "yes"}})
    assert "search" in message and "'regex'" in message and "true or false" in message
    message = rejected({"tool": "run_python", "args": {"code": "x" * (tools.MAX_ARG_CHARS + 1)}})
    assert "run_python" in message and "'code'" in message and str(tools.MAX_ARG_CHARS) in message
    message = rejected({"tool": "view_file", "args": ["a.py"]})
    assert "view_file" in message and "'args'" in message


@pytest.mark.parametrize("action, fragment", [
    ("not json", "not valid JSON"),
    ('{"tool": "view_file", "args": {"path": "a.py"', "not valid JSON"),
    ("[1, 2]", "JSON object"),
    ('"view_file"', "JSON object"),
    ("[" * 100_000, "JSON"),
    ("1" * 5000, "JSON"),
    ('{"args": {}}', "no 'tool'"),
    ('{"tool": "view_file", "extra": 1}', "unknown key"),
    ('{"tool": "veiw_file"}', "did you mean 'view_file'"),
    ('{"tool": 7}', "tool name"),
    ("x" * (tools.MAX_ACTION_CHARS + 1), "limit"),
    ('{"tool": "search", "args": {"pattern": "\\ud800"}}', "UTF-8"),
    ("\ud83d", "UTF-8"),
    ({"name": "search", "arguments": "{bad"}, "not valid JSON"),
    (b'{"tool": "submit"}', "bytes"),
    (None, "NoneType"),
    (3, "int"),
    (["submit"], "list"),
])
def test_malformed_actions_are_explained(action, fragment) -> None:
    assert fragment in rejected(action)


# ---------------------------------------------------------------- file tools


def test_list_and_view_with_ranges() -> None:
    assert call("list_files").output == f"notes.txt (3 lines, 16 characters)\nsolution.py (20 lines, {len(SOURCE)} characters)"
    shown = call("view_file", path="solution.py", start_line=4, end_line=5).output
    assert shown == "solution.py (lines 4-5 of 20)\n4| class Stack:\n5|     \"\"\"A stack.\"\"\""
    tail = call("view_file", path="./solution.py", start_line=19, end_line=500).output
    assert tail.splitlines()[0] == "solution.py (lines 19-20 of 20)" and tail.endswith("20|     return math.pi * r ** 2")
    long_file = {"big.txt": "".join(f"line {i}\n" for i in range(1, 451))}
    shown = tools.view_file(long_file, "big.txt").output
    assert f"(lines 1-{tools.VIEW_MAX_LINES} of 450)" in shown and "view them with start_line=201" in shown
    assert tools.view_file({"e.py": ""}, "e.py").output == "e.py is empty"


@pytest.mark.parametrize("args, fragment", [
    ({"path": "solution.py", "start_line": 21}, "valid lines are 1-20"),
    ({"path": "solution.py", "start_line": 5, "end_line": 4}, "before start_line"),
    ({"path": "missing.py"}, "no file 'missing.py'"),
    ({"path": "solutoin.py"}, "did you mean 'solution.py'"),
    ({"path": "../etc/passwd"}, "'..'"),
    ({"path": "/etc/passwd"}, "absolute"),
    ({"path": ""}, "non-empty"),
])
def test_view_errors(args, fragment) -> None:
    with pytest.raises(ActionError, match="view_file") as info:
        call("view_file", **args)
    assert fragment in str(info.value)


def test_search_text_regex_and_path() -> None:
    out = call("search", pattern="return").output
    assert out.splitlines() == ["3 matches for text 'return' in your files", "solution.py:12:         return x",
                                "solution.py:16:         return None", "solution.py:20:     return math.pi * r ** 2"]
    out = call("search", pattern=r"^\s+def (push|helper)\b", regex=True).output
    assert out.splitlines()[1:] == ["solution.py:11:     def helper(x):", "solution.py:14:     def push(self, x):"]
    assert call("search", pattern="a$", regex=True, path="notes.txt").output.splitlines()[1:] == \
        ["notes.txt:1: alpha", "notes.txt:2: beta", "notes.txt:3: gamma"]
    assert call("search", pattern="zzz").output.startswith("no line of your files matches")
    with pytest.raises(ActionError, match="search: .*invalid regular expression"):
        call("search", pattern="(unclosed", regex=True)
    with pytest.raises(ActionError, match="pattern is empty"):
        call("search", pattern="")
    many = {"m.txt": "x\n" * 500}
    assert "stopped at 100" in tools.search_files(many, "x").output


def test_line_edits_return_the_new_text_and_an_excerpt() -> None:
    result = call("replace_lines", path="notes.txt", start_line=2, end_line=2, text="BETA\nDELTA")
    assert result.edit == ("notes.txt", "alpha\nBETA\nDELTA\ngamma")
    assert "replaced lines 2-2 of notes.txt with 2 lines" in result.output and "3| DELTA" in result.output
    result = call("replace_lines", path="notes.txt", start_line=1, end_line=2, text="")
    assert result.edit == ("notes.txt", "gamma") and "deleted lines 1-2" in result.output
    result = call("insert_lines", path="notes.txt", after_line=0, text="top")
    assert result.edit == ("notes.txt", "top\nalpha\nbeta\ngamma")
    result = call("insert_lines", path="notes.txt", after_line=3, text="end\n")
    assert result.edit == ("notes.txt", "alpha\nbeta\ngamma\nend\n")
    with pytest.raises(ActionError, match="replace_lines: notes.txt: line range 3-9 is out of bounds"):
        call("replace_lines", path="notes.txt", start_line=3, end_line=9, text="x")
    with pytest.raises(ActionError, match="insert_lines: notes.txt: after_line 4 is out of bounds"):
        call("insert_lines", path="notes.txt", after_line=4, text="x")
    assert FILES["notes.txt"] == "alpha\nbeta\ngamma"  # the tools never mutate the files they get


@pytest.mark.parametrize("name, text", [
    ("Stack.push", "def push(self, x):\n    self.items.insert(0, x)\n"),
    ("Stack.helper", "@staticmethod\ndef helper(x):\n    return -x"),
    ("  area ", "def area(r):\n    return 3 * r * r\n"),
    ("Stack", "class Stack:\n    pass\n"),
    ("Stack.__init__", ""),
    ("area", "\n\n   def area(r):\n       return r\n"),
])
def test_replace_symbol_matches_codegym_code(name, text) -> None:
    result = call("replace_symbol", path="solution.py", name=name, text=text)
    assert result.edit == ("solution.py", code_replace_symbol(SOURCE, name, text))


def test_replace_symbol_of_a_method_and_errors() -> None:
    result = call("replace_symbol", path="solution.py", name="Stack.push",
                  text="def push(self, x):\n    self.items.append(x)\n    return len(self.items)")
    assert "replaced method Stack.push (lines 14-16) of solution.py; it is now lines 14-16" in result.output
    assert "        return len(self.items)" in result.edit[1]
    with pytest.raises(ActionError, match="replace_symbol: solution.py: no function, class or method named 'push'; "
                                          "did you mean 'Stack.push'"):
        call("replace_symbol", path="solution.py", name="push", text="def push(): pass")
    with pytest.raises(ActionError, match="not a Python"):
        call("replace_symbol", path="notes.txt", name="alpha", text="")


def test_create_file_rules() -> None:
    result = call("create_file", path="pkg/helpers.py", text="def h():\n    return 1\n")
    assert result.edit == ("pkg/helpers.py", "def h():\n    return 1\n") and result.output == "created pkg/helpers.py (2 lines)"
    assert call("create_file", path="./data/x.txt", text="").edit == ("data/x.txt", "")
    for path, fragment in [("solution.py", "already exists"), ("../x.py", "'..'"), ("/tmp/x.py", "absolute"),
                           ("solution.py/x.py", "is a file"), ("conftest.py", "reserved"), ("json.py", "reserved"),
                           ("pytest/__init__.py", "reserved"), ("sub/conftest.py", "reserved"), ("x.pth", "reserved"),
                           (".hidden.py", "hidden"), ("caf\u00e9.py", "letters, digits"), ("a b.py", "letters, digits")]:
        with pytest.raises(ActionError, match="create_file") as info:
            call("create_file", path=path, text="x = 1\n")
        assert fragment in str(info.value), (path, str(info.value))
    with pytest.raises(ActionError, match="is a directory"):
        tools.create_file({"pkg/a.py": ""}, "pkg", "")
    crowded = {f"m{i}.py": "" for i in range(tools.MAX_FILES)}
    with pytest.raises(ActionError, match=f"the limit is {tools.MAX_FILES}"):
        tools.create_file(crowded, "one_more.py", "")
    big = {f"b{i}.txt": "x" * tools.MAX_FILE_CHARS for i in range(tools.MAX_TOTAL_CHARS // tools.MAX_FILE_CHARS)}
    with pytest.raises(ActionError, match="would total"):
        tools.create_file(big, "more.txt", "y")
    with pytest.raises(ActionError, match="limit per file"):
        tools.insert_lines({"a.txt": "x" * tools.MAX_FILE_CHARS}, "a.txt", 1, "more")


def test_file_text_may_hold_any_unicode() -> None:
    result = call("create_file", path="uni.py", text="s = 'caf\u00e9 \u2603 \x00 \x07'\n")
    assert result.edit[1] == "s = 'caf\u00e9 \u2603 \x00 \x07'\n"


def test_outline_is_cached_by_content_and_matches_render_outline() -> None:
    first = file_outline("solution.py", SOURCE)
    assert first == render_outline(SOURCE, "solution.py")
    assert file_outline("solution.py", "".join(SOURCE)) is first
    text = outline_of(FILES)
    assert text.startswith("solution.py\n") and "def push(self, x) [14-16]" in text
    assert text.endswith("other files: notes.txt")
    assert outline_of({}) == "(no files)"


def test_max_steps_is_checked_and_none_means_no_limit() -> None:
    for bad in (0, -3, 2.5, True, "50"):
        with pytest.raises(ConfigError, match="max_steps"):
            CodeEditEnv(max_steps=bad)
    env = CodeEditEnv(max_steps=None)
    try:
        env.reset(seed=0)
        for _ in range(60):  # no sandbox needed: file tools only
            obs, reward, terminated, truncated, info = env.step({"tool": "list_files"})
            assert not (terminated or truncated) and obs["error"] == "" and reward == 0.0
        assert obs["step"][0] == 60 and env.observation_space.contains(obs)
    finally:
        env.close()

"""``codegym/CodeEdit-v4``: a tool-using coding agent edits files, runs tests and submits.

Each step is ONE tool call, as JSON text (or an already-parsed dict)::

    {"tool": "replace_symbol", "args": {"path": "solution.py", "name": "Stack.push", "text": "def push(self, x): ..."}}

The tools (``env.unwrapped.tools`` holds their schemas in the OpenAI function-calling
format) are ``list_files``, ``view_file``, ``search``, ``replace_lines``,
``insert_lines``, ``replace_symbol``, ``create_file``, ``run_tests`` (the task's
visible tests), ``run_python`` (a snippet, next to the agent's files, in a fresh
sandbox workspace) and ``submit`` (the hidden tests judge the files; the episode
ends). The step that reaches the episode's limit (``max_episode_steps``) without a
submission truncates it with the verdict ``timeout``: the hidden tests run on the
files as they are and are paid as a submission of them would be, less the timeout's
cost, so stalling never beats submitting.

Reward (default): ``tests`` on the verdict run only (+1/-1 per passed/failed hidden
test), ``completion`` (solved +10 ... timeout -2) and ``shaping`` (potential-based
progress of the pass fraction: visible runs pay only their change, so repeating
``run_tests`` or oscillating edits earn nothing).

A bad action (malformed JSON, unknown tool, bad arguments, out-of-range lines, a
path leaving the workspace...) never raises: the agent reads the reason in
``obs["error"]``, the reward gets an ``invalid_action`` term, and the episode goes on.

Example:
    >>> import gymnasium as gym, codegym
    >>> env = gym.make("codegym/CodeEdit-v4")  # doctest: +SKIP
    >>> obs, info = env.reset(seed=0)  # doctest: +SKIP
    >>> obs, reward, terminated, truncated, info = env.step('{"tool": "run_tests", "args": {}}')  # doctest: +SKIP
    >>> info["tests"]  # doctest: +SKIP
    {'passed': 1, 'failed': 2, 'total': 3}
"""

from __future__ import annotations

import json
import re
from collections import OrderedDict
from typing import Any, Mapping

from gymnasium import spaces

from codegym.code import render_outline
from codegym.envs import tools
from codegym.envs.core import CodingEnv
from codegym.envs.spaces import count, count_space, fit_text, text_space
from codegym.errors import ActionError
from codegym.sandbox import ExecResult
from codegym.verdict import TEST_DIR, TestReport

STATEMENT_CHARS = 16_384
OUTLINE_CHARS = 16_384
OUTPUT_CHARS = 16_384
ERROR_CHARS = 4_096
STDOUT_CHARS = 6_000
STDERR_CHARS = 4_000
FAILURES_CHARS = 6_000

_OUTLINES: "OrderedDict[tuple[str, str], str]" = OrderedDict()
_OUTLINES_SIZE = 2048
_DURATION = re.compile(r"\b\d+(?:\.\d+)?s\b")


def file_outline(path: str, source: str) -> str:
    """``render_outline(source, path)``, memoised by content (unchanged files cost a dict look-up)."""
    key = (path, source)
    text = _OUTLINES.get(key)
    if text is None:
        text = render_outline(source, path)
        _OUTLINES[key] = text
        while len(_OUTLINES) > _OUTLINES_SIZE:
            _OUTLINES.popitem(last=False)
    return text


def outline_of(files: Mapping[str, str]) -> str:
    """The outline of every ``.py`` file, then the other files' names."""
    parts = [file_outline(path, files[path]) for path in sorted(files) if path.endswith(".py")]
    others = sorted(path for path in files if not path.endswith(".py"))
    if others:
        parts.append("other files: " + ", ".join(others))
    return "\n".join(parts) if parts else "(no files)"


def _plural(n: int, word: str) -> str:
    return f"{n} {word}{'' if n == 1 else 's'}"


def describe_tests(report: TestReport, label: str = "visible tests") -> str:
    """What ``run_tests`` shows: the counts, each test's outcome, and the failure messages."""
    if report.infra_error:
        return f"{label}: the sandbox failed ({report.error}); nothing is known about your code, try again"
    lines = [f"{label}: {report.passed} passed, {report.failed} failed ({report.total} total)"]
    for node, outcome in report.outcomes.items():
        lines.append(f"  {outcome.upper():7} {node.removeprefix(TEST_DIR + '/')}")
    failures = report.failure_text(FAILURES_CHARS)
    if failures:
        lines.append("failures:")
        lines.append(failures.replace(TEST_DIR + "/", ""))
    if report.error and not report.outcomes and report.output_tail:
        # durations would make replays differ: blank them
        lines.append("output:\n" + _DURATION.sub("<t>s", report.output_tail[-2000:]))
    return "\n".join(lines)


def describe_exec(result: ExecResult, timeout: float) -> str:
    """What ``run_python`` shows: exit status, then stdout and stderr (tails)."""
    if result.infra_error:
        return f"the sandbox failed ({result.infra_message}); nothing is known about your code, try again"
    if result.timed_out:
        status = f"timed out after {timeout:g}s (killed)"
    elif result.oom:
        status = "killed: out of memory"
    else:
        status = f"exit code {result.exit_code}"
    lines = [status]
    if result.truncated:
        lines.append("(the output was longer than the sandbox keeps; it was cut)")
    for name, text, limit in (("stdout", result.stdout, STDOUT_CHARS), ("stderr", result.stderr, STDERR_CHARS)):
        if len(text) > limit:
            text = f"...[{len(text) - limit} characters cut]\n" + text[-limit:]
        lines.append(f"--- {name} ---")
        lines.append(text.rstrip("\n") if text else "(empty)")
    return "\n".join(lines)


def _tokens(action: Any) -> int:
    if isinstance(action, str):
        return len(action) // 4
    if isinstance(action, Mapping):
        try:
            return len(json.dumps(action, ensure_ascii=False, default=lambda o: type(o).__name__)) // 4
        except (TypeError, ValueError, RecursionError):
            return 0
    return 0


class CodeEditEnv(CodingEnv):
    """Multi-step editing with tools; the hidden tests judge the submission."""

    default_max_steps = 50

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.observation_space = spaces.Dict({
            "statement": text_space(STATEMENT_CHARS),
            "outline": text_space(OUTLINE_CHARS),
            "output": text_space(OUTPUT_CHARS),
            "error": text_space(ERROR_CHARS),
            "step": count_space(),
            "tests_passed": count_space(),
            "tests_failed": count_space(),
        })
        self.action_space = text_space(tools.MAX_ACTION_CHARS)
        #: The tools' schemas in the OpenAI function-calling format.
        self.tools: list[dict] = tools.openai_tools()
        self._statement = ""
        self._outline: str | None = None
        self.last_output = ""

    # ---- observations
    def _outline_text(self) -> str:
        if self._outline is None:
            self._outline = fit_text(outline_of(self.files), OUTLINE_CHARS)
        return self._outline

    def _observe(self) -> dict:
        tests = self.last_tests
        return {
            "statement": self._statement,
            "outline": self._outline_text() if self.task is not None else "",
            "output": fit_text(self.last_output, OUTPUT_CHARS),
            "error": fit_text(self.engine.action_error or self.engine.failure_reason, ERROR_CHARS),
            "step": count(self.engine.steps),
            "tests_passed": count(tests.passed if tests else 0),
            "tests_failed": count(tests.failed if tests else 0),
        }

    # ---- the expert
    def oracle_action(self) -> str:
        """The expert's next tool call: write each reference file that differs, then submit."""
        for path in sorted(self.task.reference):
            wanted = self.task.reference[path]
            if self.files.get(path) != wanted:
                if path in self.files:
                    lines = max(1, len(self.files[path].splitlines()))
                    return json.dumps({"tool": "replace_lines", "args": {"path": path, "start_line": 1,
                                                                          "end_line": lines, "text": wanted}})
                return json.dumps({"tool": "create_file", "args": {"path": path, "text": wanted}})
        return json.dumps({"tool": "submit", "args": {}})

    # ---- episode
    def reset(self, *, seed: int | None = None, options: dict | None = None) -> tuple[dict, dict]:
        self._begin(seed, options)
        self._statement = fit_text(self.task.statement, STATEMENT_CHARS)
        self._outline = None
        self.last_output = f"files: {', '.join(sorted(self.files))}\n{tools.tool_help()}"
        return self._observe(), self._extra(self.engine.info(), None)

    @staticmethod
    def _extra(info: dict, call: "tools.ToolCall | None") -> dict:
        info["tool"] = call.name if call is not None else ""
        info["invalid_action"] = bool(info["action_error"])
        return info

    def step(self, action: Any) -> tuple[dict, float, bool, bool, dict]:
        if self.engine.done:
            self.last_output = ""
            outcome = self.engine.step()
            return self._result(outcome, self._observe(), self._extra(outcome.info, None))
        call: tools.ToolCall | None = None
        problem = ""
        report: TestReport | None = None
        executions: tuple[ExecResult, ...] = ()
        submit = False
        try:
            call = tools.parse_action(action)
            if call.name in tools.FILE_TOOLS:
                result = tools.run_file_tool(call.name, self.files, call.args)
                self.last_output = result.output
                if result.edit is not None and self.engine.write_file(*result.edit):
                    self._outline = None
            elif call.name == "run_tests":
                report = self.engine.run_visible_tests()
                self.last_output = describe_tests(report)
            elif call.name == "run_python":
                result = self.engine.run_python(call.args["code"])
                executions = (result,)
                self.last_output = describe_exec(result, float(self.task.timeout_s))
            elif call.name == "submit":
                submit = True
            else:  # pragma: no cover - every tool is handled above
                raise ActionError(f"tool {call.name!r} is not available in this env")
        except ActionError as exc:
            problem = str(exc) or "invalid action"
            self.last_output = ""
        outcome = self.engine.step(tests=report, executions=executions, problem=problem, submit=submit,
                                   action=call.as_dict() if call is not None else None, tokens=_tokens(action))
        final = self.engine.final
        if submit:
            self.last_output = (f"submitted: hidden tests {final.passed}/{final.total} passed; verdict {self.verdict}"
                                + (f" ({final.error})" if final.error else ""))
        elif outcome.truncated:
            note = (f"step limit ({self.max_steps}) reached without submit: verdict {self.verdict} "
                    f"(hidden tests {final.passed}/{final.total} passed)")
            self.last_output = f"{self.last_output}\n{note}" if self.last_output else note
        return self._result(outcome, self._observe(), self._extra(outcome.info, call))

    def _render_text(self) -> str:
        text = super()._render_text()
        return f"{text}\n{self.last_output[-2000:]}" if self.task is not None and self.last_output else text

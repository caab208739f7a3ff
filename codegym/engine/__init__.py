"""The episode engine: everything a coding episode is, with no Gymnasium (or PettingZoo) import.

Gymnasium envs (:mod:`codegym.envs`), PettingZoo envs and option wrappers are thin views
over one :class:`Episode`: they translate actions into engine calls and engine state
into observations. The engine owns the task, the agent-visible files, the sandbox lease
and the test runs (memoised by content), reward composition per agent, the step budget,
the end of the episode with a verdict (once, in one place), curriculum updates and the
info schema.

Public API
----------
``Episode(tasks=, default_tasks=, curriculum=, reward=, default_reward=, agents=("agent",),
sandbox=, max_steps=, invalid_action_penalty=, test_timeout_s=, per_test_timeout_s=,
report_store=, on_infra_error="raise")``
    ``reward`` is one reward spec for every agent, or ``{agent: spec}``. ``report_store``:
    None (the shared on-disk store unless ``CODEGYM_REPORT_STORE=off``), False (none), True,
    or a :class:`~codegym.verdict.store.ReportStore`. ``sandbox``: a backend name (checked
    here, an unknown one is a PluginError; nothing is opened until ``begin``) or an open
    Sandbox. ``on_infra_error``: ``"raise"``, ``"retry"`` or ``"mark_invalid"``, what a
    sandbox failure that survives one rerun does (:mod:`codegym.engine.infra`).

Lifecycle
    ``begin(rng, options) -> Task`` starts an episode (``options={"task_id": ...}``) and takes
    the sandbox (an unreachable engine raises EngineUnavailableError here);
    ``set_budget(n)`` sets the step at which the episode is judged ``timeout``;
    ``close()`` releases the sandbox.
State
    ``task``, ``files`` (path -> text, the agent's files), ``steps``, ``done``,
    ``verdict`` (``""`` until the end), ``tests`` (latest visible run), ``final`` (the
    verdict run), ``action_error``, ``failure_reason``, ``invalid_episodes``, ``taskset``, ``curriculum``,
    ``seats`` (per-agent reward bookkeeping), ``runner`` (sandbox and runs).
Actions
    ``write_file(path, text) -> changed``, ``run_visible_tests() -> TestReport``,
    ``run_python(code) -> ExecResult``, ``observe_start(report)`` (a run at reset that
    progress is measured from).
Accounting
    ``step(agent, tests=, executions=, action=, tokens=, problem=, submit=, verdict=) ->
    StepOutcome(reward, terminated, truncated, info)`` counts one action; a ``problem``
    (why the action was refused) costs ``invalid_action_penalty``; ``submit`` ends the
    episode with the hidden tests' verdict; the step that exhausts the budget ends it
    ``timeout`` (the hidden tests still run and are paid as a submission would be, less
    the timeout's own cost). ``settle(agent)`` pays the terminal reward of an agent that
    did not act last. ``end(verdict=None)`` is the one way an episode ends.
What is seen
    ``info(agent)`` (the schema of :mod:`codegym.engine.info`: ``INFO_KEYS``),
    ``reward_details(agent)``.

Verdict runs see exactly the files the visible runs saw: every agent file.

Example:
    >>> import numpy as np
    >>> from codegym.engine import Episode
    >>> ep = Episode(tasks=["builtin/two_sum"], max_steps=5)  # doctest: +SKIP
    >>> task = ep.begin(np.random.default_rng(0))  # doctest: +SKIP
    >>> ep.write_file("solution.py", task.reference["solution.py"])  # doctest: +SKIP
    True
    >>> ep.step(submit=True).info["verdict"]  # doctest: +SKIP
    'solved'
"""

from codegym.engine.episode import DEFAULT_AGENT, ENDED, INVALID_ACTION, Episode, Seat, StepOutcome, check_budget
from codegym.engine.infra import ON_INFRA_ERROR, InvalidRewardWarning, check_on_infra_error
from codegym.engine.info import INFO_KEYS, tests_summary
from codegym.engine.runner import TestRunner, clear_report_cache, content_key
from codegym.engine.selection import RESET_OPTIONS, choose_task, resolve_tasks

__all__ = [
    "DEFAULT_AGENT", "ENDED", "INFO_KEYS", "INVALID_ACTION", "ON_INFRA_ERROR", "RESET_OPTIONS", "Episode",
    "InvalidRewardWarning", "Seat", "StepOutcome", "TestRunner", "check_budget", "check_on_infra_error",
    "choose_task", "clear_report_cache", "content_key", "resolve_tasks", "tests_summary",
]

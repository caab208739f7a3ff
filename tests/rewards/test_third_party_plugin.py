"""A third-party reward plugin, pip-installed, is found by entry point in a fresh interpreter.

The example package ``plugins/codegym-reward-docstrings`` is installed offline with
``pip install --no-deps --no-build-isolation -e`` (the dev extra brings ``wheel`` so an
older setuptools can build it). A new interpreter must then load ``docstrings`` through
``RewardComposer`` and through ``gym.make(..., reward=...)`` with no change to codegym.
The package is uninstalled afterwards unless it was installed before the test.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import textwrap
from importlib import metadata
from pathlib import Path

import pytest


REPO = Path(__file__).resolve().parents[2]
PLUGIN = REPO / "plugins" / "codegym-reward-docstrings"
DIST = "codegym-reward-docstrings"

SCRIPT = textwrap.dedent('''
    import io, json, argparse, contextlib
    import codegym.tasks
    from codegym import plugins
    from codegym.commands import rewards as rewards_cli
    from codegym.rewards import RewardComposer, RewardContext
    from codegym.verdict import TestReport

    task = codegym.tasks.get("builtin/two_sum")
    composer = RewardComposer({"docstrings": 1.0, "tests": 1.0})
    undocumented = "def two_sum(nums, target):\\n    return None\\n\\n\\nclass Helper:\\n    pass\\n"
    report = TestReport(outcomes={"a": "passed", "b": "failed", "c": "passed"})
    documented_total, documented = composer(RewardContext(task=task, files=dict(task.reference), tests=report))
    bare_total, bare = composer(RewardContext(task=task, files={"solution.py": undocumented}, tests=report))
    listing = io.StringIO()
    with contextlib.redirect_stdout(listing):
        rewards_cli._list(argparse.Namespace(json=True))
    import codegym_reward_docstrings
    import gymnasium as gym
    env = gym.make("codegym/CodeGen-v4", tasks=["builtin/two_sum"], reward={"docstrings": 1.0, "tests": 1.0})
    env.reset(seed=0)
    _, env_reward, _, _, env_info = env.step(task.reference["solution.py"])
    print("RESULT" + json.dumps({
        "env": [env_reward, sorted(env_info["reward_terms"]), env.unwrapped.reward_details()["docstrings"]["raw"], env_info["verdict"]],
        "documented": [documented_total, documented], "bare": [bare_total, bare],
        "plugin_class": type(composer.plugins["docstrings"]).__module__,
        "listing": json.loads(listing.getvalue()), "module": codegym_reward_docstrings.__file__,
    }))
    env.close()
''')


def _pip(*args: str) -> subprocess.CompletedProcess:
    env = {**os.environ, "PIP_DISABLE_PIP_VERSION_CHECK": "1", "PIP_NO_INPUT": "1"}
    return subprocess.run([sys.executable, "-m", "pip", *args], capture_output=True, text=True, env=env, timeout=300)


@pytest.fixture(scope="module")
def installed_plugin(tmp_path_factory):
    try:
        metadata.version(DIST)
        was_installed = True
    except metadata.PackageNotFoundError:
        was_installed = False
    how = "pip install --no-deps --no-build-isolation -e"
    result = _pip("install", "--no-deps", "--no-build-isolation", "-e", str(PLUGIN))
    assert result.returncode == 0, f"{how} failed:\n{result.stdout[-3000:]}\n{result.stderr[-3000:]}"
    yield how
    if not was_installed:
        _pip("uninstall", "-y", DIST)


def test_installed_plugin_is_loaded_by_the_composer_in_a_fresh_process(installed_plugin, tmp_path):
    # a fresh interpreter, started away from the checkout, with no PYTHONPATH help
    env = {k: v for k, v in os.environ.items() if k != "PYTHONPATH"}
    done = subprocess.run([sys.executable, "-c", SCRIPT], capture_output=True, text=True, cwd=tmp_path, env=env,
                          timeout=120)
    assert done.returncode == 0, f"({installed_plugin})\n{done.stdout[-3000:]}\n{done.stderr[-3000:]}"
    line = next(line for line in done.stdout.splitlines() if line.startswith("RESULT"))
    result = json.loads(line[len("RESULT"):])
    assert result["plugin_class"] == "codegym_reward_docstrings"
    documented_total, documented = result["documented"]
    assert documented["docstrings"]["raw"] == 1.0 and documented["tests"]["raw"] == 1.0
    assert documented_total == pytest.approx(2.0)
    bare_total, bare = result["bare"]
    assert bare["docstrings"]["raw"] == 0.0 and bare["docstrings"]["info"]["public"] == 2
    assert bare_total == pytest.approx(1.0)
    listing = {row["name"]: row for row in result["listing"]}
    assert listing["docstrings"]["package"] == DIST and listing["docstrings"]["version"] == "0.1.0"
    assert listing["docstrings"]["target"] == "codegym_reward_docstrings:DocstringsReward"
    assert "docstrings" in listing["docstrings"]["description"]
    assert {"tests", "completion", "quality", "security", "efficiency", "shaping"} <= set(listing)
    env_reward, env_terms, env_docstrings, env_verdict = result["env"]
    assert env_terms == ["docstrings", "invalid_action", "tests"] and env_verdict == "solved"
    assert env_docstrings == 1.0 and env_reward > 1.0

"""A reset that cannot clean the sandbox replaces it transparently (same limits, same snapshot).

No hostile job is known that leaves the runner unable to clean up, so these tests make
the runner report ``clean: false`` through its ``taint`` op (which jobs cannot reach).
"""

from __future__ import annotations

import os
import time

import pytest

import codegym
from codegym.errors import SandboxError
from codegym.sandbox.engine import LABEL
from codegym.sandbox.pool import ContainerPool


def _exists(api, container_id: str) -> bool:
    return any(c["Id"] == container_id for c in api.api.containers(all=True, filters={"label": LABEL}))


def _gone_within(api, container_id: str, seconds: float = 10.0) -> bool:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline and _exists(api, container_id):
        time.sleep(0.1)
    return not _exists(api, container_id)


def test_clean_reset_keeps_the_container(sandbox):
    before = sandbox.container_id
    sandbox.run_python("open('/tmp/x', 'w').write('x'); open('y', 'w').write('y')")
    sandbox.reset()
    assert sandbox.container_id == before and sandbox.list_files() == []


def test_unclean_reset_replaces_container_with_same_limits_and_snapshot(docker_api):
    with codegym.make_sandbox("docker", memory_mb=300, pids=64) as sb:
        sb.write_files({"keep.py": "K = 1\n", "data.bin": b"\x00\xff"})
        sb.snapshot()
        sb.write_files({"junk.txt": "x"})
        old = sb.container_id
        sb._checked({"op": "taint"})
        sb.reset()
        assert sb.container_id != old and not sb.closed
        assert _gone_within(docker_api, old)
        assert sb.list_files() == ["data.bin", "keep.py"]
        assert sb.read_file("data.bin", binary=True) == b"\x00\xff"
        assert sb.run_python("import keep; print(keep.K)").stdout == "1\n"
        host = docker_api.api.inspect_container(sb.container_id)["HostConfig"]
        assert host["Memory"] == 300 << 20 and host["PidsLimit"] == 64 and host["ReadonlyRootfs"]
        sb.write_files({"more.txt": "y"})
        sb.reset()  # the new runner holds the snapshot too, and is clean
        assert sb.list_files() == ["data.bin", "keep.py"]
        new = sb.container_id
    assert _gone_within(docker_api, new)


def test_unclean_reset_with_clear_snapshot_gives_an_empty_fresh_one(sandbox):
    sandbox.write_files({"a.py": ""})
    sandbox.snapshot()
    old = sandbox.container_id
    sandbox._checked({"op": "taint"})
    sandbox.reset(clear_snapshot=True)
    assert sandbox.container_id != old and sandbox.list_files() == []
    sandbox.reset()
    assert sandbox.list_files() == []


def test_failed_replacement_raises_and_closes(docker_api):
    sb = codegym.make_sandbox("docker")
    old = sb.container_id
    sb._pool = ContainerPool(docker_api, "sha256:" + "0" * 64, sb.limits, size=0)  # an image that does not exist
    sb._checked({"op": "taint"})
    with pytest.raises(SandboxError, match="replace"):
        sb.reset()
    assert sb.closed
    assert _gone_within(docker_api, old)
    result = sb.run_python("print(1)")
    assert result.infra_error and "replace" in result.infra_message


def test_local_backend_replaces_its_runner_too():
    with codegym.make_sandbox("local") as sb:
        sb.write_files({"keep.txt": "k"})
        sb.snapshot()
        old_root, old_pid = sb.root, sb.info["pid"]
        sb._checked({"op": "taint"})
        sb.reset()
        assert sb.root != old_root and sb.info["pid"] != old_pid
        assert sb.list_files() == ["keep.txt"]
        assert not os.path.exists(old_root)


def test_run_python_on_an_unclean_runner_replaces_it_and_runs_on_the_fresh_one(sandbox):
    sandbox.write_files({"junk.txt": "x"})
    old = sandbox.container_id
    sandbox._checked({"op": "taint"})
    result = sandbox.run_python_on({"a.py": "A = 5\n"}, "import a, os\nprint(a.A, sorted(os.listdir('.')))")
    assert sandbox.container_id != old and not sandbox.closed
    assert result.stdout == "5 ['a.py']\n", result

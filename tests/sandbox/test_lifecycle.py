"""Containers never leak: after close, after GC, after the owner is SIGKILLed."""

from __future__ import annotations

import gc
import os
import signal
import subprocess
import sys
import textwrap
import time

import codegym
from codegym.sandbox.engine import LABEL, OWNER_LABEL, owner_tag, prune


def _exists(api, container_id: str) -> bool:
    return any(c["Id"] == container_id for c in api.api.containers(all=True, filters={"label": LABEL}))


def _gone_within(api, container_id: str, seconds: float = 10.0) -> bool:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if not _exists(api, container_id):
            return True
        time.sleep(0.1)
    return False


def test_close_removes_container(docker_api):
    sb = codegym.make_sandbox("docker")
    cid = sb.container_id
    assert _exists(docker_api, cid)
    sb.close()
    assert not _exists(docker_api, cid)


def test_garbage_collected_sandbox_removes_container(docker_api):
    sb = codegym.make_sandbox("docker")
    cid = sb.container_id
    del sb
    gc.collect()
    assert _gone_within(docker_api, cid)


def test_sigkilled_owner_leaves_nothing_after_next_pool_start(docker_api):
    script = textwrap.dedent("""
        import sys, time, codegym
        sb = codegym.make_sandbox("docker")
        print(sb.container_id, flush=True)
        time.sleep(60)
    """)
    proc = subprocess.Popen([sys.executable, "-c", script], stdout=subprocess.PIPE, text=True)
    cid = proc.stdout.readline().strip()
    assert cid and _exists(docker_api, cid)
    os.kill(proc.pid, signal.SIGKILL)
    proc.wait()
    # the next pool start of any process reaps what a dead owner left (spares included)
    subprocess.run([sys.executable, "-c", "import codegym; codegym.make_sandbox('docker').close()"], check=True)
    assert _gone_within(docker_api, cid)
    dead = [c for c in docker_api.api.containers(all=True, filters={"label": LABEL})
            if c["Labels"].get(OWNER_LABEL, "").split(":")[2] == str(proc.pid)]
    assert dead == []


def test_prune_keeps_containers_of_live_owners(docker_api):
    with codegym.make_sandbox("docker") as sb:
        prune(docker_api)
        assert _exists(docker_api, sb.container_id)
        assert sb.run_python("print(1)").ok
        labels = docker_api.containers.get(sb.container_id).labels
        assert labels[OWNER_LABEL] == owner_tag()


def test_container_killed_from_outside_is_an_infra_error(docker_api):
    sb = codegym.make_sandbox("docker")
    docker_api.api.kill(sb.container_id)
    result = sb.run_python("print('never')")
    assert result.infra_error and "stopped answering" in result.infra_message
    assert result.exit_code == -1 and not result.ok
    assert sb.closed
    sb.close()
    assert _gone_within(docker_api, sb.container_id)

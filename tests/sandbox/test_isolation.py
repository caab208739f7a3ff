"""Hardening of the Docker backend, each property attacked for real."""

from __future__ import annotations

import os
import socket
import textwrap
import threading
import uuid

import pytest

import codegym


def test_no_network_interface_but_loopback(sandbox):
    result = sandbox.run_python("import os; print(sorted(os.listdir('/sys/class/net')))")
    assert result.stdout.strip() == "['lo']"
    routes = sandbox.run_python("print(open('/proc/net/route').read().strip().count('\\n'))")
    assert routes.stdout.strip() == "0"  # header line only: no route anywhere


def test_host_loopback_server_unreachable(sandbox):
    server = socket.socket()
    server.bind(("127.0.0.1", 0))
    server.listen(1)
    port = server.getsockname()[1]
    accepted = []
    threading.Thread(target=lambda: accepted.append(server.accept()), daemon=True).start()
    try:
        probe = f"""
import socket
s = socket.socket(); s.settimeout(2)
try:
    s.connect(('127.0.0.1', {port})); print('CONNECTED')
except OSError as e:
    print('REFUSED', e.errno)
"""
        assert sandbox.run_python(probe).stdout.startswith("REFUSED")
        with socket.create_connection(("127.0.0.1", port), timeout=2):
            pass  # the server is up: the host itself reaches it
    finally:
        server.close()


#: A job printing how many processes it sees besides the zygote (see runner.ZYGOTE_SOURCE), then how many zygotes.
COUNT_PROCESSES = """
import os
pids = [p for p in os.listdir('/proc') if p.isdigit()]
zygotes = [p for p in pids if b'def _become_worker' in open(f'/proc/{p}/cmdline', 'rb').read()]
print(len(pids) - len(zygotes), len(zygotes))
"""


def test_fork_bomb_contained_and_next_job_runs(sandbox):
    bomb = "import os\nwhile True:\n    try:\n        os.fork()\n    except OSError:\n        pass\n"
    result = sandbox.run_python(bomb, timeout=3)
    assert result.timed_out and not result.infra_error
    after = sandbox.run_python(COUNT_PROCESSES)
    assert after.ok and after.stdout.split() == ["2", "1"]  # the runner, this job; the zygote; nothing of the bomb


def test_memory_hog_reported_as_oom_and_sandbox_survives(sandbox):
    result = sandbox.run_python("blocks = []\nwhile True:\n    blocks.append(bytearray(16 << 20))\n", timeout=20)
    assert result.oom and not result.timed_out and not result.infra_error
    assert sandbox.run_python("print('alive')").stdout == "alive\n"


def test_infinite_loop_times_out(sandbox):
    result = sandbox.run_python("while True:\n    pass\n", timeout=0.5)
    assert result.timed_out and result.exit_code != 0
    assert 0.5 <= result.duration_s < 2.0
    assert sandbox.run(["true"]).ok


def test_detached_grandchild_killed_after_job(sandbox):
    evil = textwrap.dedent("""
        import os, time
        if os.fork() == 0:
            os.setsid()
            if os.fork() == 0:
                time.sleep(1.0)
                open('/workspace/late.txt', 'w').write('I survived')
                os._exit(0)
            os._exit(0)
        print('parent done')
    """)
    assert sandbox.run_python(evil).stdout == "parent done\n"
    check = sandbox.run_python("import time\ntime.sleep(1.5)\n" + COUNT_PROCESSES + "print(os.path.exists('late.txt'))")
    assert check.stdout.split() == ["2", "1", "False"]  # runner (pid 1) and this very job; the zygote


def test_output_flood_capped_and_flagged(sandbox):
    flood = "import sys\nchunk = 'x' * (1 << 20)\nfor _ in range(50):\n    sys.stdout.write(chunk)\n"
    result = sandbox.run_python(flood, timeout=20)
    assert result.truncated and result.exit_code == 0
    assert len(result.stdout) == sandbox.limits.max_output_bytes


def test_writes_outside_workspace_refused(sandbox):
    attempt = textwrap.dedent("""
        results = []
        for path in ['/etc/evil', '/opt/codegym/runner.py', '/usr/lib/evil.pth', '/evil']:
            try:
                open(path, 'w').write('x')
                results.append('WROTE ' + path)
            except OSError as exc:
                results.append(type(exc).__name__)
        print(results)
    """)
    out = sandbox.run_python(attempt).stdout
    assert "WROTE" not in out and "Error" in out


def test_not_root_and_no_capabilities(sandbox):
    status = sandbox.run_python("print(open('/proc/self/status').read())").stdout
    fields = dict(line.split(":", 1) for line in status.splitlines() if ":" in line)
    assert fields["Uid"].split()[0] != "0"
    assert int(fields["CapEff"].strip(), 16) == 0
    assert int(fields["CapBnd"].strip(), 16) == 0
    assert fields["NoNewPrivs"].strip() == "1"
    assert not sandbox.run_python("import os; print(os.path.exists('/var/run/docker.sock'))").stdout.startswith("True")


def test_runner_is_protected_from_its_jobs(sandbox):
    attack = textwrap.dedent("""
        import os, signal
        out = []
        try:
            os.listdir('/proc/1/fd'); out.append('FD-LISTED')
        except OSError:
            out.append('fd-denied')
        os.kill(1, signal.SIGKILL)
        print(out)
    """)
    assert "fd-denied" in sandbox.run_python(attack).stdout
    assert sandbox.run_python("print('still here')").stdout == "still here\n"


def test_scratch_wiped_between_jobs(sandbox):
    sandbox.run_python("open('/tmp/secret', 'w').write('hidden answer')")
    assert sandbox.run_python("import os; print(os.listdir('/tmp'))").stdout.strip() == "[]"


def test_sandboxes_do_not_see_each_other():
    token = uuid.uuid4().hex
    with codegym.make_sandbox("docker") as first, codegym.make_sandbox("docker") as second:
        first.write_files({"secret.txt": token})
        first.run_python(f"open('/tmp/{token}', 'w').write('x')")
        probe = "import os\nprint(os.listdir('.'), os.listdir('/tmp'))"
        assert token not in second.run_python(probe).stdout
        assert second.list_files() == []
        assert first.container_id != second.container_id


@pytest.mark.parametrize("backend", ["docker", "local"])
def test_planted_symlink_cannot_redirect_host_writes(backend, tmp_path):
    victim = tmp_path / "victim.txt"
    victim.write_text("original")
    with codegym.make_sandbox(backend) as sb:
        plant = f"import os\nos.symlink({str(victim)!r}, 'out.txt')\nos.symlink({str(tmp_path)!r}, 'dir')"
        assert sb.run_python(plant).ok
        from codegym.errors import SandboxPathError

        with pytest.raises(SandboxPathError, match="symlink"):
            sb.write_files({"out.txt": "pwned"})
        with pytest.raises(SandboxPathError, match="symlink"):
            sb.write_files({"dir/victim.txt": "pwned"})
        with pytest.raises(SandboxPathError, match="symlink"):
            sb.read_file("out.txt")
    assert victim.read_text() == "original"
    assert os.listdir(tmp_path) == ["victim.txt"]

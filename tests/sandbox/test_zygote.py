"""The runner's zygote: clean workers for the judge, and nothing a solution can abuse.

The zygote is a fresh interpreter the runner execs before reading any request (and
again whenever it must be replaced); the judge alone gets its socket. These tests play
the hostile solution: they find it, kill it, stop it, hunt for its socket, and check
that the run is still judged by its tests and the next job gets a clean zygote again.
"""

from __future__ import annotations

import re
import signal
import textwrap

import pytest

import codegym
from codegym.verdict import run_tests

PROBE = '''
import ctypes, os, signal, socket, time

FRESH = [b"-I", b"-S", b"-B", b"-u", b"-c"]


def zygote():
    """The pid of our parent when it is the zygote (a fresh `python3 -I -S -B -u -c` exec), else 0."""
    ppid = os.getppid()
    with open(f"/proc/{ppid}/cmdline", "rb") as fh:
        argv = fh.read().split(b"\\0")
    found = ppid if argv[1:6] == FRESH and b"def _become_worker" in argv[6] and b"runner.py" not in b"".join(argv) else 0
    print("ZYGOTE", found, flush=True)
    return found


def attack(sig):
    os.kill(os.getppid(), sig)
    return 1


def crash():
    os._exit(3)


def _sockets_of(pid, libc):
    """Sockets among pid's fds: listed through /proc, or taken with pidfd_getfd."""
    found = set()
    try:
        for name in os.listdir(f"/proc/{pid}/fd"):
            try:
                if os.readlink(f"/proc/{pid}/fd/{name}").startswith("socket:"):
                    found.add(("listed", int(name)))
            except OSError:
                pass
    except OSError:
        pass
    try:
        pidfd = os.pidfd_open(pid)
    except OSError:
        return found
    try:
        for fd in range(64):
            got = libc.syscall(438, pidfd, fd, 0)  # pidfd_getfd
            if got >= 0:
                if os.readlink(f"/proc/self/fd/{got}").startswith("socket:"):
                    found.add(("taken", fd))
                os.close(got)
    finally:
        os.close(pidfd)
    return found


def reach():
    """Every socket this worker holds or can get at: (control, others).

    Positive control: a child of ours holding a socketpair must be found.
    """
    libc = ctypes.CDLL(None, use_errno=True)
    child = os.fork()
    if child == 0:
        pair = socket.socketpair()
        time.sleep(10)
        os._exit(0)
    time.sleep(0.5)
    others = []
    for pid in sorted(int(p) for p in os.listdir("/proc") if p.isdigit()):
        if pid != child:
            others.extend((pid, kind, fd) for kind, fd in sorted(_sockets_of(pid, libc)))
    control = sorted(_sockets_of(child, libc))
    os.kill(child, signal.SIGKILL)
    os.waitpid(child, 0)
    return bool(control), others
'''


@pytest.fixture(scope="module")
def sb():
    with codegym.make_sandbox("docker") as sandbox:
        yield sandbox


def _run(sb, tests: str, **kwargs):
    return run_tests(sb, {"solution.py": PROBE}, {"test_z.py": textwrap.dedent(tests)},
                     per_test_timeout=kwargs.pop("per_test_timeout", 10), **kwargs)


def _outcomes(report) -> dict[str, str]:
    return {node.split("::")[-1]: outcome for node, outcome in report.outcomes.items()}


def _zygote_pids(report) -> list[int]:
    return [int(pid) for pid in re.findall(r"ZYGOTE (\d+)", report.solution_output)]


def test_workers_come_from_a_fresh_exec_zygote(sb):
    # zygote() checks the parent's command line: a fork of the runner (which has read
    # requests) would show the runner's; the zygote's is a fresh interpreter's.
    report = _run(sb, """
        from solution import zygote
        def test_a(): assert zygote() > 1
        def test_b(): assert zygote() > 1
    """)
    assert report.all_passed, report.failure_text()
    first, second = _zygote_pids(report)
    assert first == second


def test_worker_cannot_reach_the_zygote_socket(sb):
    report = _run(sb, """
        from solution import reach
        def test_reach():
            control, others = reach()
            assert control  # the method finds a socket where there is one
            assert others == []  # ours, the zygote's, the judge's: none reachable
    """)
    assert report.all_passed, report.failure_text()


@pytest.mark.parametrize("sig", [signal.SIGKILL, signal.SIGTERM, signal.SIGINT], ids=lambda s: s.name)
def test_killing_the_zygote_breaks_only_this_run(sb, sig):
    before = _zygote_pids(_run(sb, "from solution import zygote\ndef test_a(): assert zygote() > 1\n"))[0]
    report = _run(sb, f"""
        from solution import zygote, attack, crash
        def test_who(): assert zygote() > 1
        def test_attack(): assert attack({int(sig)}) == 1
        def test_crash(): crash()
        def test_crash_again(): crash()  # the next worker cannot come from the dead zygote
        def test_after(): assert zygote() == 0  # a fresh interpreter the judge started instead
    """)
    assert not report.infra_error and not report.error, report.failure_text()
    assert _outcomes(report) == {"test_who": "passed", "test_attack": "passed", "test_crash": "failed",
                                 "test_crash_again": "failed", "test_after": "passed"}
    after = _run(sb, "from solution import zygote\ndef test_a(): assert zygote() > 1\n")
    assert after.all_passed, after.failure_text()  # the next job has a clean zygote again
    assert _zygote_pids(after)[0] not in (0, before)


def test_stopping_the_zygote_breaks_only_this_run(sb):
    before = _zygote_pids(_run(sb, "from solution import zygote\ndef test_a(): assert zygote() > 1\n"))[0]
    report = _run(sb, f"""
        from solution import zygote, attack, crash
        def test_attack(): assert attack({int(signal.SIGSTOP)}) == 1
        def test_crash(): crash()
        def test_crash_again(): crash()
        def test_after(): assert zygote() == 0
    """)
    assert not report.infra_error and not report.error, report.failure_text()
    assert _outcomes(report) == {"test_attack": "passed", "test_crash": "failed", "test_crash_again": "failed",
                                 "test_after": "passed"}
    after = _run(sb, "from solution import zygote\ndef test_a(): assert zygote() > 1\n")
    assert after.all_passed, after.failure_text()
    assert _zygote_pids(after) == [before]  # continued, checked and reused by the runner


def test_plain_jobs_get_no_zygote_socket(sb):
    probe = textwrap.dedent("""
        import os
        found = []
        for name in os.listdir("/proc/self/fd"):
            try:
                target = os.readlink(f"/proc/self/fd/{name}")
            except OSError:  # the fd listdir itself used
                continue
            if target.startswith("socket:"):
                found.append(target)
        print(found, os.environ.get("CODEGYM_ZYGOTE_FD"))
    """)
    result = sb.run_python(probe)
    assert result.ok and result.stdout.strip() == "[] None", result


def test_the_zygote_freezes_its_objects_for_its_workers(sb):
    # A worker's full collection would otherwise walk (and so write, copying every page it
    # shares with the zygote) all of the zygote's objects: ~570 page copies in a worker that
    # allocates 200,000 tuples. Frozen objects are never walked.
    report = run_tests(sb, {"solution.py": "import gc\n\ndef frozen():\n    return gc.get_freeze_count()\n"},
                       {"test_f.py": "from solution import frozen\n\ndef test_f():\n    assert frozen() > 1000\n"})
    assert report.all_passed, report.failure_text()

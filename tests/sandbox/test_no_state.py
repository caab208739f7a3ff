"""Nothing a job leaves in the container reaches the next job (the workspace aside)."""

from __future__ import annotations

import textwrap

LEAVE_STATE = textwrap.dedent("""
    import ctypes, os
    libc = ctypes.CDLL(None, use_errno=True)
    IPC_CREAT, IPC_PRIVATE = 0o1000, 0
    for path in ('/tmp/left', '/dev/shm/left', '/dev/mqueue/left'):
        fd = os.open(path, os.O_CREAT | os.O_RDWR, 0o600)
        os.close(fd)
    assert libc.mq_open(b'/posixq', os.O_CREAT | os.O_RDWR, 0o600, None) >= 0
    shm = libc.shmget(IPC_PRIVATE, 1 << 16, IPC_CREAT | 0o600)
    libc.shmat.restype = ctypes.c_void_p
    assert shm >= 0 and libc.shmat(shm, None, 0) not in (None, ctypes.c_void_p(-1).value)  # still attached at exit
    assert libc.shmget(0x5EC2E7, 4096, IPC_CREAT | 0o666) >= 0  # a keyed one, findable by key
    assert libc.msgget(IPC_PRIVATE, IPC_CREAT | 0o600) >= 0
    assert libc.semget(IPC_PRIVATE, 3, IPC_CREAT | 0o600) >= 0
    os.chmod('/tmp', 0o777)
    print(sum(len(open('/proc/sysvipc/' + k).read().splitlines()) - 1 for k in ('shm', 'msg', 'sem')))
""")

LOOK_FOR_STATE = textwrap.dedent("""
    import ctypes, os
    found = {p: sorted(os.listdir(p)) for p in ('/tmp', '/dev/shm', '/dev/mqueue')}
    found.update({k: open('/proc/sysvipc/' + k).read().splitlines()[1:] for k in ('shm', 'msg', 'sem')})
    found['keyed'] = ctypes.CDLL(None).shmget(0x5EC2E7, 0, 0)
    found['tmp-mode'] = oct(os.stat('/tmp').st_mode & 0o7777)
    print(found)
""")



def _fresh_state(sandbox) -> str:
    found = sandbox.run_python(LOOK_FOR_STATE).stdout.strip()
    assert "{'/tmp': [], '/dev/shm': [], '/dev/mqueue': [], 'shm': [], 'msg': [], 'sem': [], 'keyed': -1" in found
    return found


def test_no_state_survives_a_job(sandbox):
    fresh = _fresh_state(sandbox)
    left = sandbox.run_python(LEAVE_STATE)
    assert left.ok and left.stdout.strip() == "4", left
    assert sandbox.run_python(LOOK_FOR_STATE).stdout.strip() == fresh


def test_no_state_survives_a_reset(sandbox):
    fresh = _fresh_state(sandbox)
    sandbox.write_files({"kept.txt": "host-controlled"})
    sandbox.snapshot()
    assert sandbox.run_python(LEAVE_STATE).ok
    sandbox.reset()
    assert sandbox.run_python(LOOK_FOR_STATE).stdout.strip() == fresh
    assert sandbox.list_files() == ["kept.txt"]  # the workspace is the host's: restored, not wiped away

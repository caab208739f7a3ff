"""``run_python_on``: reset, write and run in one exchange, the same as the three calls."""

from __future__ import annotations

import pytest

from codegym.errors import SandboxPathError
from codegym.sandbox.protocol import FrameClient

LISTING = "import os\nprint(sorted(os.listdir('.')), open('a.py').read().strip())"


def test_it_empties_the_workspace_and_its_snapshot_then_writes_and_runs(any_sandbox):
    any_sandbox.write_files({"old.py": "X = 0\n"})
    any_sandbox.snapshot()
    any_sandbox.write_files({"junk.txt": "x"})
    result = any_sandbox.run_python_on({"a.py": "A = 1"}, LISTING)
    assert result.stdout == "['a.py'] A = 1\n", result
    any_sandbox.reset()  # the snapshot was cleared too
    assert any_sandbox.list_files() == []


@pytest.mark.parametrize("trusted", [False, True])
def test_same_result_as_the_three_calls(any_sandbox, trusted):
    files = {"a.py": "A = 2", "pkg/b.py": "B = 3"}
    one = any_sandbox.run_python_on(files, LISTING + "\nimport pkg.b; print(pkg.b.B)", args=["x"], stdin="in",
                                    trusted=trusted)
    any_sandbox.reset(clear_snapshot=True)
    any_sandbox.write_files(files)
    three = any_sandbox.run_python(LISTING + "\nimport pkg.b; print(pkg.b.B)", args=["x"], stdin="in", trusted=trusted)
    assert (one.stdout, one.exit_code) == (three.stdout, three.exit_code) == ("['a.py', 'pkg'] A = 2\n3\n", 0)


def test_a_bad_path_raises_the_same_error_as_write_files(any_sandbox):
    with pytest.raises(SandboxPathError):
        any_sandbox.run_python_on({"../escape.py": "x"}, "print(1)")
    assert any_sandbox.run_python_on({}, "print(1)").stdout == "1\n"


def test_request_many_sends_once_and_reads_each_reply_in_order():
    sent, replies = [], bytearray()
    for body in (b'{"n":1}', b'{"n":2}'):
        replies += len(body).to_bytes(4, "big") + body
    stream = bytes(replies)

    def recv(n, state={"at": 0}):
        chunk = stream[state["at"]:state["at"] + min(n, 3)]  # short reads, as a socket gives them
        state["at"] += len(chunk)
        return chunk
    client = FrameClient(sent.append, recv)
    assert client.request_many([{"op": "a"}, {"op": "b"}]) == [{"n": 1}, {"n": 2}]
    assert len(sent) == 1  # one write for both requests

"""The Sandbox protocol, on both backends."""

from __future__ import annotations

import pytest

from codegym.errors import ConfigError, SandboxError, SandboxPathError


def test_run_python_runs_in_workspace(any_sandbox):
    any_sandbox.write_files({"helper.py": "VALUE = 41\n"})
    result = any_sandbox.run_python("import helper, os\nprint(helper.VALUE + 1, os.path.basename(os.getcwd()))")
    assert result.ok, result
    assert result.stdout.split()[0] == "42"


def test_run_command_with_stdin_and_exit_code(any_sandbox):
    any_sandbox.write_files({"echo.py": "import sys\ndata = sys.stdin.read()\nprint(data.upper())\nsys.exit(3)\n"})
    result = any_sandbox.run(["python3", "echo.py"], stdin="hello")
    assert result.stdout.strip() == "HELLO"
    assert result.exit_code == 3 and not result.ok and not result.infra_error


def test_exceptions_and_sys_exit_in_run_python(any_sandbox):
    boom = any_sandbox.run_python("raise ValueError('boom')")
    assert boom.exit_code == 1 and "ValueError: boom" in boom.stderr
    quiet = any_sandbox.run_python("import sys; sys.exit(7)")
    assert quiet.exit_code == 7
    message = any_sandbox.run_python("raise SystemExit('bye')")
    assert message.exit_code == 1 and "bye" in message.stderr


def test_files_round_trip_and_listing(any_sandbox):
    any_sandbox.write_files({"pkg/__init__.py": "", "pkg/mod.py": "x = 'é'\n", "data.bin": b"\x00\xff"})
    assert any_sandbox.list_files() == ["data.bin", "pkg/__init__.py", "pkg/mod.py"]
    assert any_sandbox.read_file("pkg/mod.py") == "x = 'é'\n"
    assert any_sandbox.read_file("data.bin", binary=True) == b"\x00\xff"
    any_sandbox.delete_file("data.bin")
    assert "data.bin" not in any_sandbox.list_files()


def test_non_utf8_file_is_a_clear_error(any_sandbox):
    any_sandbox.write_files({"latin1.txt": "café".encode("latin-1")})
    with pytest.raises(SandboxError, match="not UTF-8.*binary=True"):
        any_sandbox.read_file("latin1.txt")
    with pytest.raises(ConfigError, match="not valid UTF-8"):
        any_sandbox.write_files({"bad.txt": "\udcff"})


def test_missing_file_names_it(any_sandbox):
    with pytest.raises(SandboxPathError, match="nope.py"):
        any_sandbox.read_file("nope.py")


def test_reset_restores_snapshot_and_clears_jobs(any_sandbox):
    any_sandbox.write_files({"a.py": "A = 1\n"})
    any_sandbox.snapshot()
    any_sandbox.write_files({"b.py": "B = 2\n", "a.py": "A = 99\n"})
    any_sandbox.reset()
    assert any_sandbox.list_files() == ["a.py"]
    assert any_sandbox.read_file("a.py") == "A = 1\n"
    any_sandbox.reset(clear_snapshot=True)
    assert any_sandbox.list_files() == []


def test_pytest_runs_in_the_warm_interpreter(any_sandbox):
    any_sandbox.write_files({
        "solution.py": "def add(a, b):\n    return a + b\n",
        "test_add.py": "from solution import add\n\ndef test_ok():\n    assert add(1, 2) == 3\n\ndef test_bad():\n    assert add(1, 1) == 3\n",
    })
    result = any_sandbox.run_python("import pytest, sys\nsys.exit(pytest.main(['-q', '-p', 'no:cacheprovider', 'test_add.py']))")
    assert result.exit_code == 1, result
    assert "1 failed, 1 passed" in result.stdout


def test_close_is_idempotent_and_closed_sandbox_refuses(any_sandbox):
    any_sandbox.close()
    any_sandbox.close()
    assert any_sandbox.closed
    with pytest.raises(SandboxError, match="closed"):
        any_sandbox.write_files({"a.py": ""})

"""codegym's in-sandbox runner: stdlib only, one process that serves jobs over one channel.

Started as PID 1 of a sandbox container (``--pid1``) or, for the unsafe local backend,
as a plain host subprocess. It keeps an interpreter (and pytest) warm and forks a child
per job: rlimits, a wall-clock timeout, capped output, and afterwards every leftover
process of the job is killed (``kill(-1)`` as PID 1; the subreaper's descendants when
local) and the scratch directory is wiped.

The channel is the runner's own stdin/stdout, opened before any job runs and never
reachable by a job: frames are a 4-byte big-endian length followed by UTF-8 JSON.
Each request ``{"op": ..., ...}`` gets exactly one reply ``{"ok": bool, ...}``.

This file is copied into the sandbox image; it must not import anything from codegym.
"""

from __future__ import annotations

import base64
import ctypes
import errno
import json
import os
import resource
import select
import signal
import stat
import struct
import sys
import time
import traceback

PROTOCOL = 1
MAX_FRAME = 256 * 1024 * 1024
_HEADER = struct.Struct(">I")
_PR_SET_DUMPABLE = 4
_PR_SET_CHILD_SUBREAPER = 36
_PR_SET_PDEATHSIG = 1
_DEFAULT_ENV = {
    "PATH": "/usr/local/bin:/usr/bin:/bin",
    "LANG": "C.UTF-8",
    "LC_ALL": "C.UTF-8",
    "PYTHONDONTWRITEBYTECODE": "1",
    "PYTHONHASHSEED": "0",
    "PYTHONUNBUFFERED": "1",
}
_WARM_MODULES = (
    "json", "re", "math", "random", "collections", "itertools", "functools", "heapq",
    "bisect", "string", "typing", "dataclasses", "unittest", "io", "fractions",
    "decimal", "operator", "copy", "textwrap", "datetime", "statistics", "enum",
)


class RequestError(Exception):
    """A request the runner refuses; its message goes back to the host."""

    def __init__(self, kind: str, message: str) -> None:
        super().__init__(message)
        self.kind = kind


def _prctl(option: int, value: int) -> None:
    try:
        libc = ctypes.CDLL(None, use_errno=True)
        libc.prctl(option, value, 0, 0, 0)
    except (OSError, AttributeError):
        pass


# ----------------------------------------------------------------------- channel


class Channel:
    """Length-prefixed JSON frames over two file descriptors."""

    def __init__(self, rfd: int, wfd: int) -> None:
        self.rfd, self.wfd = rfd, wfd

    def _read_exact(self, n: int) -> bytes | None:
        chunks, got = [], 0
        while got < n:
            chunk = os.read(self.rfd, min(n - got, 1 << 20))
            if not chunk:
                return None
            chunks.append(chunk)
            got += len(chunk)
        return b"".join(chunks)

    def receive(self) -> dict | None:
        header = self._read_exact(_HEADER.size)
        if header is None:
            return None
        (size,) = _HEADER.unpack(header)
        if size > MAX_FRAME:
            raise RequestError("protocol", f"frame of {size} bytes exceeds {MAX_FRAME}")
        body = self._read_exact(size)
        if body is None:
            return None
        return json.loads(body.decode("utf-8"))

    def send(self, message: dict) -> None:
        body = json.dumps(message, ensure_ascii=False, separators=(",", ":")).encode("utf-8", "surrogatepass")
        data = _HEADER.pack(len(body)) + body
        view = memoryview(data)
        while view:
            written = os.write(self.wfd, view)
            view = view[written:]


# --------------------------------------------------------------------- workspace


def _split_relative(path: str) -> list[str]:
    """Validate a workspace-relative path and return its components."""
    if not isinstance(path, str) or not path:
        raise RequestError("path", "path must be a non-empty string")
    if "\x00" in path:
        raise RequestError("path", f"path {path!r} contains a NUL byte")
    if path.startswith("/"):
        raise RequestError("path", f"path {path!r} is absolute; give a path relative to the workspace")
    parts = [p for p in path.split("/") if p not in ("", ".")]
    if not parts:
        raise RequestError("path", f"path {path!r} names the workspace itself, not a file")
    if ".." in parts:
        raise RequestError("path", f"path {path!r} contains '..'; paths must stay inside the workspace")
    return parts


def _open_parent(root: str, parts: list[str], create: bool) -> int:
    """Open the directory holding ``parts[-1]`` without following any symlink."""
    fd = os.open(root, os.O_RDONLY | os.O_DIRECTORY)
    try:
        for part in parts[:-1]:
            try:
                nfd = os.open(part, os.O_RDONLY | os.O_DIRECTORY | os.O_NOFOLLOW, dir_fd=fd)
            except FileNotFoundError:
                if not create:
                    raise
                os.mkdir(part, 0o755, dir_fd=fd)
                nfd = os.open(part, os.O_RDONLY | os.O_DIRECTORY | os.O_NOFOLLOW, dir_fd=fd)
            except OSError as exc:
                if exc.errno in (errno.ELOOP, errno.ENOTDIR):
                    raise RequestError("path", f"'{part}' in {'/'.join(parts)!r} is a symlink or not a directory") from None
                raise
            os.close(fd)
            fd = nfd
        return fd
    except BaseException:
        os.close(fd)
        raise


def write_file(root: str, path: str, data: bytes) -> None:
    parts = _split_relative(path)
    dfd = _open_parent(root, parts, create=True)
    try:
        try:
            fd = os.open(parts[-1], os.O_WRONLY | os.O_CREAT | os.O_TRUNC | os.O_NOFOLLOW, 0o644, dir_fd=dfd)
        except OSError as exc:
            if exc.errno in (errno.ELOOP, errno.EISDIR, errno.ENXIO):
                raise RequestError("path", f"{path!r} is a symlink, directory or special file; refusing to write") from None
            raise
        try:
            if not stat.S_ISREG(os.fstat(fd).st_mode):
                raise RequestError("path", f"{path!r} is not a regular file; refusing to write")
            view = memoryview(data)
            while view:
                view = view[os.write(fd, view):]
        finally:
            os.close(fd)
    finally:
        os.close(dfd)


def read_file(root: str, path: str, limit: int) -> bytes:
    parts = _split_relative(path)
    try:
        dfd = _open_parent(root, parts, create=False)
    except FileNotFoundError:
        raise RequestError("missing", f"no file {path!r} in the workspace") from None
    try:
        try:
            fd = os.open(parts[-1], os.O_RDONLY | os.O_NOFOLLOW | os.O_NONBLOCK, dir_fd=dfd)
        except FileNotFoundError:
            raise RequestError("missing", f"no file {path!r} in the workspace") from None
        except OSError as exc:
            if exc.errno == errno.ELOOP:
                raise RequestError("path", f"{path!r} is a symlink; refusing to read through it") from None
            raise
        try:
            if not stat.S_ISREG(os.fstat(fd).st_mode):
                raise RequestError("path", f"{path!r} is not a regular file")
            chunks, got = [], 0
            while got <= limit:
                chunk = os.read(fd, 1 << 20)
                if not chunk:
                    break
                chunks.append(chunk)
                got += len(chunk)
            if got > limit:
                raise RequestError("size", f"{path!r} is larger than {limit} bytes")
            return b"".join(chunks)
        finally:
            os.close(fd)
    finally:
        os.close(dfd)


def list_files(root: str, limit: int = 10000) -> list[str]:
    found: list[str] = []
    for dirpath, dirnames, filenames in os.walk(root, followlinks=False):
        dirnames[:] = sorted(d for d in dirnames if d != "__pycache__")
        rel = os.path.relpath(dirpath, root)
        for name in sorted(filenames):
            found.append(name if rel == "." else f"{rel}/{name}")
            if len(found) >= limit:
                return found
    return found


def wipe(root: str) -> None:
    """Remove everything inside ``root`` (not ``root`` itself), whatever its modes."""
    try:
        entries = os.listdir(root)
    except FileNotFoundError:
        return
    for name in entries:
        path = os.path.join(root, name)
        try:
            st = os.lstat(path)
        except FileNotFoundError:
            continue
        if stat.S_ISDIR(st.st_mode):
            try:
                os.chmod(path, 0o700)
            except OSError:
                pass
            wipe(path)
            try:
                os.rmdir(path)
            except OSError:
                pass
        else:
            try:
                os.unlink(path)
            except OSError:
                pass


def snapshot_files(root: str, limit: int) -> dict[str, bytes]:
    return {path: read_file(root, path, limit) for path in list_files(root)}


# -------------------------------------------------------------------------- jobs


def _oom_kills() -> int:
    """OOM kills so far in this cgroup (v2 memory.events or v1 memory.oom_control)."""
    for path in ("/sys/fs/cgroup/memory.events", "/sys/fs/cgroup/memory/memory.oom_control"):
        try:
            with open(path) as fh:
                for line in fh:
                    key, _, value = line.partition(" ")
                    if key == "oom_kill":
                        return int(value)
        except (OSError, ValueError):
            continue
    return -1


class Runner:
    """Serves requests; one job at a time."""

    def __init__(self, workspace: str, scratch: str, pid1: bool) -> None:
        self.workspace = workspace
        self.scratch = scratch
        self.pid1 = pid1
        self.snapshot: dict[str, bytes] = {}
        self.pytest_version = ""
        self.max_file = 32 * 1024 * 1024

    # ---- warm-up
    def warm(self) -> None:
        import importlib

        for name in _WARM_MODULES:
            try:
                importlib.import_module(name)
            except Exception:
                pass
        try:
            import pytest  # noqa: F401
            from _pytest.config import default_plugins

            self.pytest_version = pytest.__version__
            for plugin in default_plugins:
                try:
                    importlib.import_module(f"_pytest.{plugin}")
                except Exception:
                    pass
        except Exception:
            self.pytest_version = ""

    # ---- dispatch
    def handle(self, request: dict) -> dict:
        op = request.get("op")
        handler = getattr(self, f"op_{op}", None) if isinstance(op, str) else None
        if handler is None:
            raise RequestError("protocol", f"unknown op {op!r}")
        return handler(request)

    def op_hello(self, request: dict) -> dict:
        return {
            "protocol": PROTOCOL,
            "pid": os.getpid(),
            "uid": os.getuid(),
            "python": sys.version.split()[0],
            "pytest": self.pytest_version,
            "workspace": self.workspace,
        }

    def op_write(self, request: dict) -> dict:
        files = request.get("files") or {}
        for path, content in files.items():
            data = base64.b64decode(content["b64"]) if isinstance(content, dict) else str(content).encode("utf-8", "surrogatepass")
            write_file(self.workspace, path, data)
        return {"written": len(files)}

    def op_read(self, request: dict) -> dict:
        data = read_file(self.workspace, request.get("path"), int(request.get("limit", self.max_file)))
        return {"b64": base64.b64encode(data).decode("ascii")}

    def op_list(self, request: dict) -> dict:
        return {"files": list_files(self.workspace)}

    def op_delete(self, request: dict) -> dict:
        parts = _split_relative(request.get("path"))
        dfd = _open_parent(self.workspace, parts, create=False)
        try:
            os.unlink(parts[-1], dir_fd=dfd)
        except FileNotFoundError:
            raise RequestError("missing", f"no file {request.get('path')!r} in the workspace") from None
        finally:
            os.close(dfd)
        return {}

    def op_snapshot(self, request: dict) -> dict:
        self.snapshot = snapshot_files(self.workspace, self.max_file)
        return {"files": len(self.snapshot)}

    def op_reset(self, request: dict) -> dict:
        self.kill_leftovers()
        wipe(self.workspace)
        wipe(self.scratch)
        if request.get("clear_snapshot"):
            self.snapshot = {}
        for path, data in self.snapshot.items():
            write_file(self.workspace, path, data)
        return {"files": len(self.snapshot)}

    def op_run(self, request: dict) -> dict:
        argv = request.get("argv")
        if not isinstance(argv, list) or not argv or not all(isinstance(a, str) for a in argv):
            raise RequestError("protocol", "argv must be a non-empty list of strings")
        return self.run_job(request, argv=argv, source=None)

    def op_python(self, request: dict) -> dict:
        source = request.get("source")
        if not isinstance(source, str):
            raise RequestError("protocol", "source must be a string")
        return self.run_job(request, argv=None, source=source)

    # ---- the job itself
    def _child(self, request: dict, argv: list[str] | None, source: str | None, fds: tuple[int, int, int]) -> None:
        """Runs in the forked child; never returns."""
        code = 127
        try:
            os.setsid()
            for target, fd in enumerate(fds):
                os.dup2(fd, target)
            os.closerange(3, 1 << 16)
            _prctl(_PR_SET_DUMPABLE, 1)
            if not self.pid1:
                _prctl(_PR_SET_PDEATHSIG, signal.SIGKILL)
            try:
                with open("/proc/self/oom_score_adj", "w") as fh:
                    fh.write("1000")
            except OSError:
                pass
            limits = request.get("rlimits") or {}
            timeout = float(request.get("timeout", 10))
            cpu = int(timeout) + 2
            resource.setrlimit(resource.RLIMIT_CPU, (cpu, cpu + 1))
            resource.setrlimit(resource.RLIMIT_CORE, (0, 0))
            for name, value in limits.items():
                res = getattr(resource, f"RLIMIT_{name.upper()}", None)
                if res is not None and value is not None:
                    resource.setrlimit(res, (int(value), int(value)))
            os.chdir(self.workspace)
            os.umask(0o022)
            env = dict(_DEFAULT_ENV)
            env.update({"HOME": self.workspace, "TMPDIR": self.scratch})
            env.update({str(k): str(v) for k, v in (request.get("env") or {}).items()})
            for sig in (signal.SIGINT, signal.SIGTERM, signal.SIGPIPE, signal.SIGCHLD):
                signal.signal(sig, signal.SIG_DFL)
            if argv is not None:
                os.execvpe(argv[0], argv, env)
            code = self._run_source(source or "", request, env)
        except SystemExit as exc:  # only from _run_source internals
            code = exc.code if isinstance(exc.code, int) else 1
        except BaseException:
            try:
                traceback.print_exc()
                sys.stderr.flush()
            except BaseException:
                pass
        os._exit(code)

    def _run_source(self, source: str, request: dict, env: dict) -> int:
        import atexit
        import io
        import threading
        import types

        os.environ.clear()
        os.environ.update(env)
        sys.stdin = io.TextIOWrapper(io.FileIO(0, "r", closefd=False), encoding="utf-8", errors="replace")
        sys.stdout = io.TextIOWrapper(io.FileIO(1, "w", closefd=False), encoding="utf-8", errors="backslashreplace", write_through=False)
        sys.stderr = io.TextIOWrapper(io.FileIO(2, "w", closefd=False), encoding="utf-8", errors="backslashreplace", write_through=True)
        sys.argv = ["-c", *[str(a) for a in request.get("args") or []]]
        sys.path.insert(0, self.workspace)
        sys.dont_write_bytecode = True
        main = types.ModuleType("__main__")
        main.__dict__["__builtins__"] = __builtins__
        sys.modules["__main__"] = main
        code = 0
        try:
            exec(compile(source, request.get("filename") or "<job>", "exec"), main.__dict__)
        except SystemExit as exc:
            if exc.code is None:
                code = 0
            elif isinstance(exc.code, int):
                code = exc.code
            else:
                print(exc.code, file=sys.stderr)
                code = 1
        except BaseException:
            traceback.print_exc()
            code = 1
        try:
            threading._shutdown()  # type: ignore[attr-defined]
            atexit._run_exitfuncs()
        except BaseException:
            traceback.print_exc()
        for stream in (sys.stdout, sys.stderr):
            try:
                stream.flush()
            except BaseException:
                pass
        return code & 0xFF

    def run_job(self, request: dict, argv: list[str] | None, source: str | None) -> dict:
        timeout = float(request.get("timeout", 10))
        cap = int(request.get("max_output", 1 << 20))
        stdin_data = (request.get("stdin") or "").encode("utf-8", "surrogatepass")
        in_r, in_w = os.pipe()
        out_r, out_w = os.pipe()
        err_r, err_w = os.pipe()
        oom_before = _oom_kills()
        start = time.monotonic()
        pid = os.fork()
        if pid == 0:
            os.close(in_w)
            os.close(out_r)
            os.close(err_r)
            self._child(request, argv, source, (in_r, out_w, err_w))
        for fd in (in_r, out_w, err_w):
            os.close(fd)
        try:
            pidfd = os.pidfd_open(pid)
        except (AttributeError, OSError):
            pidfd = None
        buffers = {out_r: bytearray(), err_r: bytearray()}
        truncated = {out_r: False, err_r: False}
        readers = [out_r, err_r]
        pending = memoryview(stdin_data)
        writers = [in_w] if pending else []
        if not pending:
            os.close(in_w)
        for fd in readers + writers:
            os.set_blocking(fd, False)
        status = None
        timed_out = False
        deadline = start + timeout
        while status is None:
            remaining = deadline - time.monotonic()
            if remaining <= 0:
                timed_out = True
                break
            wait_on = readers + ([pidfd] if pidfd is not None else [])
            ready_r, ready_w, _ = select.select(wait_on, writers, [], remaining if pidfd is not None else min(remaining, 0.005))
            for fd in ready_r:
                if fd == pidfd:
                    continue
                if not self._drain(fd, buffers, truncated, cap):
                    readers.remove(fd)
            if ready_w:
                try:
                    pending = pending[os.write(in_w, pending[:65536]):]
                except OSError:
                    pending = memoryview(b"")
                if not pending:
                    os.close(in_w)
                    writers = []
            done, raw = os.waitpid(pid, os.WNOHANG)
            if done:
                status = raw
        duration = time.monotonic() - start
        if writers:
            os.close(in_w)
        if status is None:
            os.kill(pid, signal.SIGKILL)
            _, status = os.waitpid(pid, 0)
        self.kill_leftovers()
        for fd in list(readers):
            while self._drain(fd, buffers, truncated, cap):
                pass
        for fd in (out_r, err_r):
            os.close(fd)
        if pidfd is not None:
            os.close(pidfd)
        wipe(self.scratch)
        oom_after = _oom_kills()
        exit_code = os.waitstatus_to_exitcode(status)
        return {
            "stdout": buffers[out_r].decode("utf-8", "replace"),
            "stderr": buffers[err_r].decode("utf-8", "replace"),
            "exit_code": exit_code,
            "duration_s": duration,
            "timed_out": timed_out,
            "oom": oom_before >= 0 and oom_after > oom_before,
            "truncated": truncated[out_r] or truncated[err_r],
        }

    @staticmethod
    def _drain(fd: int, buffers: dict, truncated: dict, cap: int) -> bool:
        """Read what is there; False at EOF (or when nothing is readable)."""
        try:
            chunk = os.read(fd, 1 << 16)
        except BlockingIOError:
            return False
        except OSError:
            return False
        if not chunk:
            return False
        buf = buffers[fd]
        room = cap - len(buf)
        if room > 0:
            buf += chunk[:room]
        if len(chunk) > max(room, 0):
            truncated[fd] = True
        return True

    def kill_leftovers(self) -> None:
        """Kill and reap every process of past jobs, setsid'd and double-forked ones included.

        As PID 1, ``kill(-1)`` reaches every other process of the container at once;
        locally, the subreaper's descendants. Killed processes are reaped before we
        return, so none shows up (even as a zombie) in the next job.
        """
        me = os.getpid()
        for _ in range(100000):
            if self.pid1:
                try:
                    os.kill(-1, signal.SIGKILL)
                except ProcessLookupError:
                    pass
            else:
                for pid in _descendants(me):
                    try:
                        os.kill(pid, signal.SIGKILL)
                    except OSError:
                        pass
            try:
                os.waitpid(-1, 0)
            except ChildProcessError:
                return


def _children(pid: int) -> list[int]:
    """Direct children of ``pid`` (every thread's list), via /proc/PID/task/*/children."""
    found: list[int] = []
    try:
        tasks = os.listdir(f"/proc/{pid}/task")
    except OSError:
        return found
    for tid in tasks:
        try:
            with open(f"/proc/{pid}/task/{tid}/children") as fh:
                found.extend(int(c) for c in fh.read().split())
        except (OSError, ValueError):
            continue
    return found


def _descendants(root: int) -> list[int]:
    """Every live descendant of ``root``; orphans are ours too since we are a subreaper."""
    found, frontier = [], [root]
    while frontier:
        children = [c for pid in frontier for c in _children(pid) if c not in found]
        found.extend(children)
        frontier = children
    return found


# -------------------------------------------------------------------------- main


def main(argv: list[str]) -> int:
    import argparse

    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--workspace", required=True)
    parser.add_argument("--scratch", default="/tmp")
    parser.add_argument("--pid1", action="store_true", help="running as PID 1 of a sandbox container")
    args = parser.parse_args(argv)

    # Move the channel off fds 0/1 so nothing printed by accident can corrupt it.
    rfd = os.dup(0)
    wfd = os.dup(1)
    for fd in (rfd, wfd):
        os.set_inheritable(fd, False)
    null = os.open(os.devnull, os.O_RDONLY)
    os.dup2(null, 0)
    os.close(null)
    os.dup2(2, 1)
    channel = Channel(rfd, wfd)

    _prctl(_PR_SET_DUMPABLE, 0)  # jobs (same uid) cannot ptrace us or open /proc/1/fd
    if not args.pid1:
        _prctl(_PR_SET_CHILD_SUBREAPER, 1)
        _prctl(_PR_SET_PDEATHSIG, signal.SIGKILL)
    signal.signal(signal.SIGPIPE, signal.SIG_DFL)
    os.makedirs(args.scratch, exist_ok=True)
    runner = Runner(os.path.abspath(args.workspace), os.path.abspath(args.scratch), args.pid1)
    runner.warm()
    while True:
        try:
            request = channel.receive()
        except (RequestError, ValueError) as exc:
            channel.send({"ok": False, "kind": "protocol", "error": f"bad frame: {exc}"})
            return 2
        if request is None or request.get("op") == "exit":
            runner.kill_leftovers()
            return 0
        try:
            reply = runner.handle(request)
            reply["ok"] = True
        except RequestError as exc:
            reply = {"ok": False, "kind": exc.kind, "error": str(exc)}
        except OSError as exc:
            reply = {"ok": False, "kind": "os", "error": f"{type(exc).__name__}: {exc}"}
        except Exception as exc:  # keep serving: the host decides what a failure means
            reply = {"ok": False, "kind": "internal", "error": f"{type(exc).__name__}: {exc}", "trace": traceback.format_exc()}
        channel.send(reply)


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))

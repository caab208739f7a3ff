"""codegym's in-sandbox runner: stdlib only, one process that serves jobs over one channel.

Started as PID 1 of a sandbox container (``--pid1``) or, for the unsafe local backend,
as a plain host subprocess. Per job it forks a child: rlimits, a wall-clock timeout, capped output (and, on request, a private report
pipe on fd 3), and afterwards every leftover process of the job is killed (``kill(-1)``
as PID 1; the subreaper's descendants when local) and the scratch directory is wiped;
as PID 1 also every other writable mount (/dev/shm, /dev/mqueue) and every System V IPC
object. A Python job the host marks ``warm`` (the trusted harness) runs in the forked
child itself, with the runner's interpreter and pytest already imported; any other
Python job execs a fresh interpreter first, because the runner's memory can still hold
earlier requests (hidden tests) and a fork would hand them to the job. ``reset`` also wipes the workspace and says whether all of that worked
(``clean``); an unclean runner is replaced by the host. As PID 1 the runner keeps every
signal at its default disposition, so the kernel drops the signals jobs send it.

As PID 1 it also keeps a *zygote* (``ZYGOTE_SOURCE``): a fresh interpreter exec'd
before any request is read, which forks the verdict harness's workers; only report
channel jobs (the judge) get its socket, as fd 4. The after-job cleanup spares it (and
checks it); one that died or stopped answering is replaced by a fresh exec.

The channel is the runner's own stdin/stdout, opened before any job runs and never
reachable by a job: frames are a 4-byte big-endian length followed by UTF-8 JSON.
Each request ``{"op": ..., ...}`` gets exactly one reply ``{"ok": bool, ...}``.

This file is copied into the sandbox image; it must not import anything from codegym.
"""

from __future__ import annotations

import base64
import ctypes
import errno
import fcntl
import gc
import itertools
import json
import os
import re
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
    "hashlib", "zlib", "marshal", "ast", "inspect", "linecache", "tempfile", "shutil", "ctypes",  # the judge's
    "_pickle", "_compat_pickle", "dis", "subprocess", "resource",
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
    """Workspace files in ``os.walk`` top-down order, without recursion (any depth is safe).

    Directories that cannot be read (or whose path exceeds PATH_MAX) are skipped.
    """
    found: list[str] = []
    stack = [""]
    while stack:
        rel = stack.pop()
        try:
            with os.scandir(os.path.join(root, rel)) as it:
                entries = list(it)
        except OSError:
            continue
        names, subdirs = [], []
        for entry in entries:
            try:
                is_dir = entry.is_dir()
            except OSError:
                is_dir = False
            if not is_dir:
                names.append(entry.name)
            elif entry.name != "__pycache__" and not entry.is_symlink():
                subdirs.append(entry.name)
        for name in sorted(names):
            found.append(f"{rel}/{name}" if rel else name)
            if len(found) >= limit:
                return found
        stack.extend(f"{rel}/{d}" if rel else d for d in sorted(subdirs, reverse=True))
    return found


_DIR_FLAGS = os.O_RDONLY | os.O_DIRECTORY | os.O_NOFOLLOW | os.O_CLOEXEC
_WIPE_PASSES = 8


def _entries(dfd: int) -> list[tuple[str, bool]]:
    """(name, is a real directory) for everything in the directory open as ``dfd``."""
    found = []
    with os.scandir(dfd) as it:
        for entry in it:
            try:
                is_dir = entry.is_dir(follow_symlinks=False)
            except OSError:
                is_dir = False
            found.append((entry.name, is_dir))
    return found


def _quietly(func, *args, **kwargs) -> bool:
    """Call ``func``; True when it did not raise OSError."""
    try:
        func(*args, **kwargs)
    except OSError:
        return False
    return True


def _open_subdir(name: str, dir_fd: int) -> int | None:
    """Open a subdirectory with rwx for us (chmod first when needed); None when impossible."""
    _quietly(os.chmod, name, 0o700, dir_fd=dir_fd)  # a real directory (lstat said so), no job runs
    try:
        return os.open(name, _DIR_FLAGS, dir_fd=dir_fd)
    except OSError:
        return None


def _move_up(name: str, dir_fd: int, root_fd: int, fresh) -> str | None:
    """Rename directory ``name`` of ``dir_fd`` into the root under a fresh short name."""
    _quietly(os.chmod, name, 0o700, dir_fd=dir_fd)  # renaming a directory rewrites its '..'
    for _ in range(64):
        new = f".wipe{next(fresh)}"
        try:
            os.rename(name, new, src_dir_fd=dir_fd, dst_dir_fd=root_fd)
            return new
        except (FileExistsError, IsADirectoryError, NotADirectoryError):
            continue
        except OSError as exc:
            if exc.errno in (errno.ENOTEMPTY, errno.EINVAL):
                continue
            return None
    return None


def _flatten(name: str, root_fd: int, fresh) -> list[str]:
    """Empty root directory ``name``: subdirectories move up into the root, files go.

    Returns the new root names of the moved subdirectories; ``name`` itself is removed
    when it ends up empty.
    """
    moved: list[str] = []
    dfd = _open_subdir(name, root_fd)
    if dfd is not None:
        try:
            for child, is_dir in _entries(dfd):
                if not is_dir:
                    _quietly(os.unlink, child, dir_fd=dfd)
                elif not _quietly(os.rmdir, child, dir_fd=dfd):
                    new = _move_up(child, dfd, root_fd, fresh)
                    if new is not None:
                        moved.append(new)
        except OSError:
            pass
        finally:
            os.close(dfd)
    _quietly(os.rmdir, name, dir_fd=root_fd)
    return moved


def _open_root(root: str) -> int:
    """Open ``root`` for wiping, granting ourselves rwx on it if a job took them away."""
    st = os.lstat(root)
    if stat.S_ISDIR(st.st_mode) and (st.st_mode & 0o700) != 0o700:
        _quietly(os.chmod, root, stat.S_IMODE(st.st_mode) | 0o700)
    return os.open(root, _DIR_FLAGS)


def wipe(root: str) -> bool:
    """Remove everything inside ``root`` (not ``root`` itself), whatever its depth, names or modes.

    Never raises and never recurses: it works on directory fds only, moving every
    subdirectory up into ``root`` under a fresh short name and emptying it there, so no
    path ever grows past one component. Returns True when ``root`` is empty (or absent).
    """
    try:
        rfd = _open_root(root)
    except FileNotFoundError:
        return True
    except OSError:
        return False
    try:
        fresh = itertools.count()
        for _ in range(_WIPE_PASSES):
            pending = _entries(rfd)
            if not pending:
                return True
            while pending:
                name, is_dir = pending.pop()
                if is_dir:
                    pending.extend((new, True) for new in _flatten(name, rfd, fresh))
                else:
                    _quietly(os.unlink, name, dir_fd=rfd)
        return not _entries(rfd)
    except Exception:
        return False
    finally:
        os.close(rfd)


def snapshot_files(root: str, limit: int) -> dict[str, bytes]:
    return {path: read_file(root, path, limit) for path in list_files(root)}


# ------------------------------------------------------------- container state


def _unescape_mount(path: str) -> str:
    """Undo the octal escapes (``\\040`` for a space, …) of a /proc/self/mounts field."""
    return re.sub(r"\\([0-7]{3})", lambda m: chr(int(m.group(1), 8)), path)


def writable_mounts(exclude: tuple[str, ...] = ()) -> list[str]:
    """Directories of read-write mounts we (and so a job) can write to, /proc and /sys aside.

    In a sandbox container these are /workspace, /tmp, /dev/shm and /dev/mqueue.
    """
    try:
        with open("/proc/self/mounts") as fh:
            lines = fh.read().splitlines()
    except OSError:
        return []
    found: list[str] = []
    for line in lines:
        fields = line.split()
        if len(fields) < 4 or "rw" not in fields[3].split(","):
            continue
        path = _unescape_mount(fields[1])
        if path in found or path in exclude or path in ("/proc", "/sys") or path.startswith(("/proc/", "/sys/")):
            continue
        if os.path.isdir(path) and not os.path.islink(path) and os.access(path, os.W_OK):
            found.append(path)
    return found


_IPC_RMID = 0
_IPC_KINDS = ("shm", "msg", "sem")


def sysv_ipc_ids(kind: str) -> list[int]:
    """Ids of the System V IPC objects of one kind ("shm", "msg" or "sem") in our IPC namespace."""
    try:
        fd = os.open(f"/proc/sysvipc/{kind}", os.O_RDONLY | os.O_CLOEXEC)
        try:
            chunks = []
            while chunk := os.read(fd, 1 << 16):
                chunks.append(chunk)
        finally:
            os.close(fd)
        rows = b"".join(chunks).decode("ascii", "replace").splitlines()[1:]
    except OSError:
        return []
    ids = []
    for row in rows:
        fields = row.split()
        if len(fields) > 1 and fields[1].lstrip("-").isdigit():
            ids.append(int(fields[1]))
    return ids


def remove_sysv_ipc() -> bool:
    """IPC_RMID every shared memory segment, message queue and semaphore set; True when none is left.

    Only for a private IPC namespace (the container's): locally these are the host's.
    """
    found = {kind: sysv_ipc_ids(kind) for kind in _IPC_KINDS}
    if not any(found.values()):
        return True
    try:
        libc = ctypes.CDLL(None, use_errno=True)
        remove = {
            "shm": lambda i: libc.shmctl(i, _IPC_RMID, None),
            "msg": lambda i: libc.msgctl(i, _IPC_RMID, None),
            "sem": lambda i: libc.semctl(i, 0, _IPC_RMID),
        }
        for kind, ids in found.items():
            for ident in ids:
                remove[kind](ident)
    except (OSError, AttributeError):
        return False
    return not any(sysv_ipc_ids(kind) for kind in _IPC_KINDS)


#: Every signal a handler can be set for (SIGKILL and SIGSTOP aside), as plain ints.
_CATCHABLE = tuple(int(s) for s in sorted(signal.valid_signals()) if s not in (signal.SIGKILL, signal.SIGSTOP))


def shield_pid1() -> None:
    """Default disposition for every catchable signal (SIGCHLD aside) in the runner itself.

    The kernel drops a signal sent to the init of a pid namespace from inside it when
    that init has no handler for it, so with no handler (and nothing ignored) no job can
    interrupt, stop or kill PID 1. Python's own SIGINT handler is what let jobs kill it.
    """
    for sig in _CATCHABLE:
        if sig != signal.SIGCHLD:
            try:
                signal.signal(sig, signal.SIG_DFL)
            except (OSError, ValueError, RuntimeError):
                pass


def reset_job_signals(python_job: bool) -> None:
    """Give a forked job the dispositions a fresh program gets; nothing blocked.

    Every signal is at its default; a Python job additionally gets what the interpreter
    sets at startup (SIGINT raises KeyboardInterrupt, SIGPIPE and SIGXFSZ are ignored).
    """
    signal.pthread_sigmask(signal.SIG_SETMASK, [])
    for sig in _CATCHABLE:
        try:
            if signal.getsignal(sig) != signal.SIG_DFL:  # None (set outside Python) too
                signal.signal(sig, signal.SIG_DFL)
        except (OSError, ValueError, RuntimeError):
            pass
    if python_job:
        signal.signal(signal.SIGINT, signal.default_int_handler)
        signal.signal(signal.SIGPIPE, signal.SIG_IGN)
        signal.signal(signal.SIGXFSZ, signal.SIG_IGN)


#: What a fresh (untrusted) Python job's interpreter runs first: read the job's source
#: from the memfd named by argv[1], then run it as ``__main__`` with the job's own argv,
#: the workspace (its cwd) first on ``sys.path`` and the traceback starting at the job.
FRESH_BOOTSTRAP = r"""
import sys
with open(int(sys.argv[1]), "rb", closefd=True) as _job_file:
    _job_source = _job_file.read().decode("utf-8", "surrogatepass")
sys.argv = ["-c", *sys.argv[2:]]
_job_main = type(sys)("__main__")
_job_main.__dict__["__builtins__"] = __builtins__
sys.modules["__main__"] = _job_main
try:
    exec(compile(_job_source, "<job>", "exec"), _job_main.__dict__)
except SystemExit:
    raise
except BaseException as _job_error:
    import traceback
    traceback.print_exception(type(_job_error), _job_error, _job_error.__traceback__.tb_next)
    sys.exit(1)
"""

# ------------------------------------------------------------------------ zygote

#: The zygote's whole program, run as a fresh ``python3 -I -S -B -u -c ZYGOTE_SOURCE 3``
#: (fd 3: its end of a unix SOCK_SEQPACKET socketpair). It is exec'd before any request
#: is read (and again, exec'd afresh, whenever it has to be replaced), so its memory never
#: holds a job, a test or a request. It is non-dumpable (no process of the same uid can
#: ptrace it, read its memory or take its fds) and keeps every signal at its default:
#: whatever a job sends it either kills it, stops it (the runner sends SIGCONT) or is
#: ignored. Requests (only the runner and the judge job hold the other end):
#:   ``b"P" + nonce``  -> reap finished children, answer ``b"p" + nonce``;
#:   ``b"F" + marshal({"argv", "env", "cwd", "umask", "rlimits", "oom_score_adj",
#:   "source"})`` (the worker's text, compiled once and kept) with three fds (SCM_RIGHTS: worker's read end, write end, output) ->
#:   ``b"k<pid>"``: a child that closes the zygote socket and every other fd first,
#:   takes the fds, resets its state to a fresh ``-I -S -B -u -c`` interpreter's, becomes
#:   dumpable again only then, and execs ``source`` as ``__main__`` with ``argv`` (plus
#:   the two fd numbers). Children stay unreaped until the next request, so the judge's
#:   ``kill`` by pid never hits a recycled pid.
ZYGOTE_SOURCE = r"""
import _signal, _socket, ctypes, gc, marshal, os, resource, sys
import builtins, importlib, io, operator, select, struct, time, _pickle  # what the worker imports
# What solutions commonly import, so a worker's import of them costs nothing (stdlib only;
# nothing here holds a secret; `random` is reseeded in every worker).
for _name in ("typing", "collections", "functools", "itertools", "math", "re", "heapq", "bisect", "string",
              "dataclasses", "fractions", "decimal", "copy", "datetime", "statistics", "enum", "json", "random"):
    try:
        importlib.import_module(_name)
    except Exception:
        pass

_LIBC = ctypes.CDLL(None, use_errno=True)


def _reap():
    while True:
        try:
            pid, _ = os.waitpid(-1, os.WNOHANG)
        except ChildProcessError:
            return
        if pid == 0:
            return


def _close_all_but(keep):
    low = 0
    for fd in sorted(keep) + [1 << 16]:
        if fd > low:
            os.closerange(low, fd)
        low = fd + 1


def _become_worker(sock, fds, spec):
    code = 1
    try:
        sock.close()  # first of all: agent code will run in this process
        rfd, wfd, out = fds
        os.setsid()
        null = os.open("/dev/null", os.O_RDONLY)
        os.dup2(null, 0)
        os.dup2(out, 1)
        os.dup2(out, 2)
        _close_all_but({0, 1, 2, rfd, wfd})
        for fd in (rfd, wfd):
            os.set_inheritable(fd, True)  # as subprocess's pass_fds leaves them
        for number, soft, hard in spec["rlimits"]:
            try:
                resource.setrlimit(number, (soft, hard))
            except (OSError, ValueError):
                pass
        # Dumpable again (as a fresh interpreter is: no zygote fd is left) before the
        # oom_score_adj write: /proc/self of a non-dumpable process belongs to root, so
        # the write would fail and the worker would keep the zygote's score of 0, making
        # the judge (1000) the OOM killer's choice when a solution eats the memory.
        _LIBC.prctl(4, 1, 0, 0, 0)
        if spec.get("oom_score_adj") is not None:
            try:
                with open("/proc/self/oom_score_adj", "w") as fh:
                    fh.write(str(spec["oom_score_adj"]))
            except OSError:
                pass
        os.umask(spec["umask"])
        os.chdir(spec["cwd"])
        os.environ.clear()
        os.environ.update(spec["env"])
        _signal.signal(_signal.SIGINT, _signal.default_int_handler)
        _signal.pthread_sigmask(_signal.SIG_SETMASK, [])
        if "random" in sys.modules:
            sys.modules["random"].seed()  # its own seed, as a fresh interpreter's import would give it
        sys.argv = list(spec["argv"]) + [str(rfd), str(wfd)]
        main = type(sys)("__main__")
        main.__dict__["__builtins__"] = builtins
        sys.modules["__main__"] = main
        source = spec["source"]  # a code object (compiled here, before the fork, once per text)
        del spec, fds
        exec(source if type(source) is type(_reap.__code__) else compile(source, "<string>", "exec"), main.__dict__)
        code = 0
    except SystemExit as exc:
        code = exc.code if isinstance(exc.code, int) else 1
    except BaseException:
        try:
            sys.excepthook(*sys.exc_info())
        except BaseException:
            pass
    for stream in (sys.stdout, sys.stderr):
        try:
            stream.flush()
        except BaseException:
            pass
    os._exit(code & 0xFF)


_COMPILED = {}


def _compiled(source):
    # The worker's code, compiled here once per text (it is public: the harness's own).
    if type(source) is not str:
        return source
    code = _COMPILED.get(source)
    if code is None:
        code = compile(source, "<string>", "exec")
        if len(_COMPILED) >= 4:
            _COMPILED.clear()
        _COMPILED[source] = code
    return code


def _fds(ancillary):
    found = []
    for level, kind, data in ancillary:
        if level == _socket.SOL_SOCKET and kind == _socket.SCM_RIGHTS:
            found.extend(memoryview(data[:len(data) - len(data) % 4]).cast("i").tolist())
    return found


def _serve(fd):
    _LIBC.prctl(4, 0, 0, 0, 0)  # PR_SET_DUMPABLE 0
    _signal.signal(_signal.SIGINT, _signal.SIG_DFL)  # any signal kills, stops or is ignored
    sock = _socket.socket(_socket.AF_UNIX, _socket.SOCK_SEQPACKET, 0, fd)
    os.chdir("/")
    while True:
        try:
            data, ancillary, flags, _ = sock.recvmsg(1 << 22, _socket.CMSG_SPACE(64))
        except OSError:
            os._exit(1)
        if not data:
            os._exit(0)
        fds = _fds(ancillary)
        reply = b"e"
        try:
            if data[:1] == b"P":
                _reap()
                reply = b"p" + data[1:]
            elif data[:1] == b"F" and len(fds) == 3:
                _reap()
                spec = marshal.loads(data[1:])
                spec["source"] = _compiled(spec["source"])
                pid = os.fork()
                if pid == 0:
                    _become_worker(sock, fds, spec)
                reply = b"k%d" % pid
        except Exception:
            reply = b"e"
        for received in fds:
            try:
                os.close(received)
            except OSError:
                pass
        try:
            sock.send(reply)
        except OSError:
            pass


gc.freeze()  # all of the above: never traversed by a worker's collections, so never copied on write
_serve(int(sys.argv[1]))
"""
#: The zygote's environment (its workers get the one the judge asks for).
_ZYGOTE_ENV = {"PATH": "/usr/bin:/bin", "LANG": "C.UTF-8"}
#: The variables that name a judge job's private fds (no other job gets one).
_PRIVATE_FD_VARIABLES = ("CODEGYM_ZYGOTE_FD", "CODEGYM_JUDGE_STORE_FD")
JUDGE_STORE_BYTES = 64 << 20


def _judge_store() -> int | None:
    """A memfd only judge jobs get (close-on-exec; no other job, program or worker holds it).

    Judges keep the tests they compiled there, keyed by content, so a later judge of the
    same tests skips assertion rewriting and compiling. It holds tests, so like the
    runner's own memory it must never reach a process that runs agent code: untrusted
    jobs exec (dropping it), workers come from the zygote or a fresh exec.
    """
    try:
        fd = os.memfd_create("codegym-judge-store", os.MFD_CLOEXEC)
        os.ftruncate(fd, JUDGE_STORE_BYTES)  # sparse: pages cost memory only once written
        return fd
    except (AttributeError, OSError):
        return None


class Zygote:
    """The runner's handle on its zygote: a fresh interpreter that forks clean workers.

    Example (as PID 1, before any request is read):
        >>> zygote = Zygote.start()  # doctest: +SKIP
        >>> zygote.healthy()  # doctest: +SKIP
        True
    """

    def __init__(self, pid: int, sock) -> None:
        self.pid, self.sock = pid, sock
        self.answered = False

    @classmethod
    def start(cls) -> "Zygote":
        """Fork and immediately exec a fresh zygote interpreter (nothing of ours survives the exec)."""
        import socket

        ours, theirs = socket.socketpair(socket.AF_UNIX, socket.SOCK_SEQPACKET)
        argv = [sys.executable, "-I", "-S", "-B", "-u", "-c", ZYGOTE_SOURCE, "3"]
        pid = os.fork()
        if pid == 0:
            try:
                os.setsid()
                reset_job_signals(python_job=False)
                os.dup2(theirs.fileno(), 3)  # dup2 clears close-on-exec
                null = os.open(os.devnull, os.O_RDONLY)
                os.dup2(null, 0)
                os.closerange(4, 1 << 16)
                os.chdir("/")
                os.execve(sys.executable, argv, _ZYGOTE_ENV)
            finally:
                os._exit(127)
        theirs.close()
        return cls(pid, ours)

    def fileno(self) -> int:
        return self.sock.fileno()

    def healthy(self) -> bool:
        """SIGCONT, then a ping it must answer (it reaps its finished children first)."""
        try:
            os.kill(self.pid, signal.SIGCONT)
            nonce = b"P" + os.urandom(8).hex().encode()
            self.sock.send(nonce)
            deadline = time.monotonic() + (1.0 if self.answered else 10.0)
            while True:
                remaining = deadline - time.monotonic()
                if remaining <= 0 or not select.select([self.sock], [], [], remaining)[0]:
                    return False
                data = self.sock.recv(1 << 16)
                if not data:
                    return False
                if data == b"p" + nonce[1:]:
                    self.answered = True
                    return True  # earlier replies (a judge that died waiting) are discarded
        except OSError:
            return False

    def stop(self) -> None:
        """Kill and reap the zygote; never raises."""
        try:
            os.kill(self.pid, signal.SIGKILL)
            os.waitpid(self.pid, 0)
        except OSError:
            pass
        try:
            self.sock.close()
        except OSError:
            pass


def _live_pids(exclude: tuple[int, ...]) -> list[int]:
    """Pids of the processes we can see that are neither zombies nor in ``exclude``."""
    found = []
    try:
        names = os.listdir("/proc")
    except OSError:
        return found
    for name in names:
        if not name.isdigit() or int(name) in exclude:
            continue
        try:
            with open(f"/proc/{name}/stat", "rb") as fh:
                stat_line = fh.read()
        except OSError:
            continue
        state = stat_line[stat_line.rfind(b")") + 2:][:1]
        if state not in (b"Z", b"X"):
            found.append(int(name))
    return found


# -------------------------------------------------------------------------- jobs


def _mode(path: str) -> int | None:
    """Permission bits of ``path`` (None when it cannot be stat'ed)."""
    try:
        return stat.S_IMODE(os.lstat(path).st_mode)
    except OSError:
        return None


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


def _prepared_module(source: str, filename: str):
    """A ``__main__`` module with everything of ``source`` but its final ``main()`` call
    already run, or None (no such call, or running the rest failed)."""
    import ast
    import types

    try:
        tree = ast.parse(source, filename)
    except (SyntaxError, ValueError):
        return None
    last = tree.body[-1] if tree.body else None
    if not (isinstance(last, ast.Expr) and isinstance(last.value, ast.Call) and not last.value.args
            and not last.value.keywords and isinstance(last.value.func, ast.Name) and last.value.func.id == "main"):
        return None
    tree.body.pop()
    module = types.ModuleType("__main__")
    module.__dict__["__builtins__"] = __builtins__
    saved = sys.modules.get("__main__")
    try:
        sys.modules["__main__"] = module  # the harness's pickling looks its hooks up there
        exec(compile(tree, filename, "exec"), module.__dict__)
    except BaseException:
        return None
    finally:
        sys.modules["__main__"] = saved
    return module if callable(module.__dict__.get("main")) else None


class Runner:
    """Serves requests; one job at a time."""

    def __init__(self, workspace: str, scratch: str, pid1: bool) -> None:
        self.workspace = workspace
        self.scratch = scratch
        self.pid1 = pid1
        self.snapshot: dict[str, bytes] = {}
        self.pytest_version = ""
        self.max_file = 32 * 1024 * 1024
        self.tainted = False
        self.zygote: Zygote | None = None  # PID 1 only: forks the judge's workers (see ZYGOTE_SOURCE)
        self.compiled: dict[tuple[str, str], object] = {}  # the judge's code, compiled once
        self.prepared: dict[tuple[str, str], object] = {}  # its definitions, run once (see compile_judge)
        self.sources: dict[str, str] = {}  # the judge's source by SHA-256: requests may name it
        self.cleanup_due = False  # a judge's reply went out before its cleanup (see after_reply)
        self.judge_store = _judge_store()  # judges' shared cache of prepared tests (see _judge_store)
        # Every other place a job could leave something for the next one; only as PID 1
        # (locally, /dev/shm and the IPC namespace are the host's, not ours to clear).
        self.extra_dirs = writable_mounts(exclude=(workspace, scratch)) if pid1 else []
        self.modes = {path: _mode(path) for path in (workspace, scratch, *self.extra_dirs)}

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
        """Kill leftovers, empty everything; ``clean`` is False when that did not work.

        An unclean runner restores nothing: the host replaces it by a fresh one.
        """
        self.kill_leftovers()
        emptied = self.empty(self.workspace)
        clean = self.scrub() and emptied and not self.tainted
        if request.get("clear_snapshot"):
            self.snapshot = {}
        if not clean:
            self.tainted = True
            return {"files": 0, "clean": False}
        for path, data in self.snapshot.items():
            write_file(self.workspace, path, data)
        return {"files": len(self.snapshot), "clean": True}

    def op_dump_snapshot(self, request: dict) -> dict:
        """The snapshot's files, for the host to carry over to a replacement runner."""
        return {"files": {path: base64.b64encode(data).decode("ascii") for path, data in self.snapshot.items()}}

    def op_taint(self, request: dict) -> dict:
        """Mark this runner untrustworthy: its next reset reports ``clean: false``."""
        self.tainted = True
        return {}

    # ---- clearing state between jobs
    def empty(self, path: str) -> bool:
        """Wipe one writable directory and give it back its original mode."""
        clean = wipe(path)
        mode = self.modes.get(path)
        if mode is not None and _mode(path) != mode:
            _quietly(os.chmod, path, mode)
        return clean

    def scrub(self) -> bool:
        """Clear every place but the workspace: scratch, other writable mounts, SysV IPC.

        Runs after every job (its processes already killed); a failure taints the runner.
        """
        clean = all([self.empty(path) for path in (self.scratch, *self.extra_dirs)])
        if self.pid1:
            clean = remove_sysv_ipc() and clean
        if not clean:
            self.tainted = True
        return clean

    def op_run(self, request: dict) -> dict:
        argv = request.get("argv")
        if not isinstance(argv, list) or not argv or not all(isinstance(a, str) for a in argv):
            raise RequestError("protocol", "argv must be a non-empty list of strings")
        return self.run_job(request, argv=argv, source=None)

    def op_python(self, request: dict) -> dict:
        source = request.get("source")
        reference = request.get("source_sha256")
        if source is None and isinstance(reference, str):
            source = self.sources.get(reference)
            if source is None:
                raise RequestError("unknown_source", f"no source {reference[:12]}… is kept here; send the source")
        elif not isinstance(source, str):
            raise RequestError("protocol", "source must be a string")
        elif request.get("report"):
            self.keep_source(source)  # sent in full: keep it (a named one is kept already)
        return self.run_job(request, argv=None, source=source)

    def keep_source(self, source: str) -> None:
        """Keep a judge's source so later requests may name it by SHA-256 (the last few)."""
        import hashlib

        key = hashlib.sha256(source.encode("utf-8", "surrogatepass")).hexdigest()
        if key not in self.sources:
            while len(self.sources) >= 4:
                del self.sources[next(iter(self.sources))]
            self.sources[key] = source

    # ---- the job itself
    def _child(self, request: dict, argv: list[str] | None, source: str | None, fds: tuple[int, ...],
               named: tuple[str, ...] = ()) -> None:
        """Runs in the forked child; never returns.

        ``fds`` become 0, 1, 2 (and 3, the report channel, when given); for the judge job
        only, the fds after those are its private ones (the zygote socket, the judge
        store), each named to it by the environment variable in ``named``, in order.
        """
        code = 127
        try:
            gc.freeze()  # the runner's objects: never traversed here, so never copied on write
            os.setsid()
            reset_job_signals(python_job=argv is None)
            # no source may sit on a target number another dup2 overwrites first
            fds = tuple(fd if fd >= len(fds) else fcntl.fcntl(fd, fcntl.F_DUPFD, len(fds)) for fd in fds)
            for target, fd in enumerate(fds):
                os.dup2(fd, target)
            os.closerange(len(fds), 1 << 16)
            if len(fds) > 3 and argv is None:
                os.set_inheritable(3, False)  # private to the Python job: no exec'd program gets it
            private = range(len(fds) - len(named), len(fds))
            for fd in private:
                os.set_inheritable(fd, False)  # private to the judge: no program it starts gets them
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
            for variable in _PRIVATE_FD_VARIABLES:
                env.pop(variable, None)
            env.update({variable: str(fd) for variable, fd in zip(named, private)})
            if argv is not None:
                os.execvpe(argv[0], argv, env)
            if not (request.get("warm") or request.get("report")):
                self._exec_fresh(source or "", request, env)
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

    def _exec_fresh(self, source: str, request: dict, env: dict) -> None:
        """Replace this child by a fresh interpreter running ``source``; never returns.

        This process is a fork of the runner, whose memory may still hold earlier
        requests (a judge job's hidden tests); exec discards all of it, so code that is
        not the trusted harness never sees a byte of it. The source travels in a memfd.
        """
        data = source.encode("utf-8", "surrogatepass")
        fd = os.memfd_create("codegym-job", 0)
        view = memoryview(data)
        while view:
            view = view[os.write(fd, view):]
        os.lseek(fd, 0, os.SEEK_SET)
        argv = [sys.executable, "-s", "-B", "-c", FRESH_BOOTSTRAP, str(fd),
                *[str(a) for a in request.get("args") or []]]
        os.execve(sys.executable, argv, env)

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
        key = (request.get("filename") or "<job>", source)
        prepared = self.prepared.get(key) if request.get("report") else None
        main = prepared or types.ModuleType("__main__")
        main.__dict__["__builtins__"] = __builtins__
        sys.modules["__main__"] = main
        code = 0
        try:
            if prepared is not None:
                prepared.main()
            else:
                compiled = self.compiled.get(key) if request.get("report") else None
                exec(compiled or compile(source, key[0], "exec"), main.__dict__)
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
        rep_r, rep_w = os.pipe() if request.get("report") else (None, None)
        child_fds = (in_r, out_w, err_w) + ((rep_w,) if rep_w is not None else ())
        private: dict[str, int] = {}
        if rep_w is not None and argv is None:
            zygote = self.judge_zygote()
            if zygote is not None:
                private["CODEGYM_ZYGOTE_FD"] = zygote.fileno()
            if self.judge_store is not None:
                private["CODEGYM_JUDGE_STORE_FD"] = self.judge_store
            self.compile_judge(source or "", request.get("filename") or "<job>")
        caps = {out_r: cap, err_r: cap}
        if rep_r is not None:
            caps[rep_r] = int(request.get("max_report", 8 << 20))
        oom_before = _oom_kills()
        start = time.monotonic()
        pid = os.fork()
        if pid == 0:
            for fd in (in_w, *caps):
                os.close(fd)
            self._child(request, argv, source, child_fds + tuple(private.values()), tuple(private))
        for fd in child_fds:
            os.close(fd)
        try:
            pidfd = os.pidfd_open(pid)
        except (AttributeError, OSError):
            pidfd = None
        buffers = {fd: bytearray() for fd in caps}
        truncated = {fd: False for fd in caps}
        readers = list(caps)
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
                if not self._drain(fd, buffers, truncated, caps[fd]):
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
        # A judge that exited on its own leaves no writer on its pipes (its workers never
        # held them): then the reply goes first and the cleanup runs right after it,
        # before the next request is read. Anything else is cleaned up first, so that
        # output its leftover processes wrote comes back too.
        deferred = rep_r is not None and not timed_out and all(
            self._read_to_eof(fd, buffers, truncated, caps[fd]) for fd in list(readers))
        if not deferred:
            self.kill_leftovers()
            for fd in list(readers):
                while self._drain(fd, buffers, truncated, caps[fd]):
                    pass
        for fd in caps:
            os.close(fd)
        if pidfd is not None:
            os.close(pidfd)
        if deferred:
            self.cleanup_due = True
        else:
            self.scrub()
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
            "report": buffers[rep_r].decode("utf-8", "replace") if rep_r is not None else "",
            "report_truncated": truncated[rep_r] if rep_r is not None else False,
        }

    @staticmethod
    def _read_chunk(fd: int, buffers: dict, truncated: dict, cap: int) -> bool | None:
        """Read what is there: True when something was read, False at EOF (or on an
        error), None when nothing is readable yet."""
        try:
            chunk = os.read(fd, 1 << 16)
        except BlockingIOError:
            return None
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

    @classmethod
    def _drain(cls, fd: int, buffers: dict, truncated: dict, cap: int) -> bool:
        """Read what is there; False at EOF (or when nothing is readable)."""
        return cls._read_chunk(fd, buffers, truncated, cap) is True

    @classmethod
    def _read_to_eof(cls, fd: int, buffers: dict, truncated: dict, cap: int) -> bool:
        """Read what is there; True when the pipe reached EOF (no writer is left)."""
        while True:
            got = cls._read_chunk(fd, buffers, truncated, cap)
            if got is not True:
                return got is False

    def after_reply(self) -> None:
        """The cleanup a judge job's reply went ahead of: every process but the zygote
        killed, every writable place wiped. Runs before the next request is read."""
        if not self.cleanup_due:
            return
        self.cleanup_due = False
        try:
            self.kill_leftovers()
            self.scrub()
        except Exception:
            self.tainted = True  # the next reset says so and the host replaces this runner

    def kill_leftovers(self) -> None:
        """Kill and reap every process of past jobs, setsid'd and double-forked ones included.

        As PID 1, ``kill(-1)`` reaches every other process of the container at once;
        locally, the subreaper's descendants. Killed processes are reaped before we
        return, so none shows up (even as a zombie) in the next job.
        """
        if self.pid1 and self.zygote is not None:
            if self.kill_all_but_zygote():
                return
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
                break
        if self.pid1 and self.zygote is None:
            self.zygote = Zygote.start()  # a fresh exec: never a fork of what held a request

    def compile_judge(self, source: str, filename: str) -> None:
        """Compile a judge job's source here, once: every judge forked later inherits it.

        A source whose last statement is ``main()`` is also *prepared*: everything before
        that call (imports, classes, functions; the harness's public code, no job's data)
        runs here once, into a module every judge forked later inherits, so a judge only
        calls ``main()``. Only report-channel jobs (the trusted harness) are cached, the
        last few sources.
        """
        key = (filename, source)
        if key in self.compiled:
            return
        try:
            code = compile(source, filename, "exec")
        except (SyntaxError, ValueError):
            return  # the child compiles it again and reports the error
        while len(self.compiled) >= 4:
            oldest = next(iter(self.compiled))
            del self.compiled[oldest]
            self.prepared.pop(oldest, None)
        self.compiled[key] = code
        module = _prepared_module(source, filename)
        if module is not None:
            self.prepared[key] = module

    # ---- the zygote
    def judge_zygote(self) -> "Zygote | None":
        """The zygote for a judge job: woken, checked, replaced by a fresh one if it fails."""
        if not self.pid1:
            return None  # locally the judge starts fresh interpreters
        if self.zygote is not None and not self.zygote.healthy():
            self.zygote.stop()
            self.zygote = None
        if self.zygote is None:
            self.zygote = Zygote.start()
        return self.zygote

    def _reap_nohang(self) -> None:
        """Reap every finished child; notice when one of them was the zygote."""
        while True:
            try:
                pid, _ = os.waitpid(-1, os.WNOHANG)
            except ChildProcessError:
                return
            if pid == 0:
                return
            if self.zygote is not None and pid == self.zygote.pid:
                self.zygote.stop()
                self.zygote = None

    def kill_all_but_zygote(self) -> bool:
        """As PID 1: kill every process but the zygote, and have it reap its children.

        ``kill(-1, SIGSTOP)`` freezes everything (nothing can fork while we look), every
        process but us and the zygote is killed, the zygote is continued. Twice: a judge
        that died with a fork request in flight gets its worker after the first round.
        False when the zygote failed (the caller then kills everything, it included).
        """
        for _ in range(2):
            for _ in range(100000):
                if self.zygote is None:
                    return False
                keep = self.zygote.pid
                try:
                    os.kill(-1, signal.SIGSTOP)
                except ProcessLookupError:
                    pass
                victims = _live_pids(exclude=(os.getpid(), keep))
                for pid in victims:
                    try:
                        os.kill(pid, signal.SIGKILL)
                    except OSError:
                        pass
                try:
                    os.kill(keep, signal.SIGCONT)
                except OSError:
                    pass
                self._reap_nohang()
                if not victims:
                    break
            if self.zygote is None or not self.zygote.healthy():
                if self.zygote is not None:
                    self.zygote.stop()
                    self.zygote = None
                return False
        self._reap_nohang()
        return self.zygote is not None


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
    if args.pid1:
        shield_pid1()
    else:  # SIGPIPE stays ignored: a job that does not read its stdin gives us EPIPE, not death
        _prctl(_PR_SET_CHILD_SUBREAPER, 1)
        _prctl(_PR_SET_PDEATHSIG, signal.SIGKILL)
    os.makedirs(args.scratch, exist_ok=True)
    runner = Runner(os.path.abspath(args.workspace), os.path.abspath(args.scratch), args.pid1)
    if args.pid1:
        runner.zygote = Zygote.start()  # before any request is read; it boots while we warm up
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
        runner.after_reply()


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))

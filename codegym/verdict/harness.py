"""The trusted test harness: sent as the source of one sandbox job; stdlib + pytest only.

Two kinds of process, and the agent's code only ever runs in the second:

* the **judge** (the job itself) runs pytest on the tests and evaluates every assertion.
  It never imports the agent's modules: ``solution`` (and every other solution module)
  is a proxy whose attributes are resolved, called and iterated over a private pipe.
* **workers**, forked *before* the judge reads the tests from stdin (so no worker's
  memory ever held them), import the agent's modules and serve those requests.

Values cross the pipe as plain data (None, bool, int, float, str, bytes, list, tuple,
dict, set, frozenset, complex, Fraction, Decimal, range), checked by exact type; anything
else stays in the worker and is seen by the judge as a handle. A handle never compares
equal to plain data, so an object "equal to everything" cannot pass an assertion. The
judge is non-dumpable (workers cannot read its memory), agent code cannot run while the
tests are being collected, and the test files are deleted before any agent code runs.
The judge writes the one report to its stdout, which no worker holds.

Input (stdin, JSON): {"tests": {relpath: source}, "modules": [name, ...], "workspace": dir,
"per_test_timeout": seconds, "marker": str, "spares": int}.
"""

import base64
import ctypes
import decimal
import fractions
import json
import linecache
import os
import select
import shutil
import signal
import struct
import sys
import tempfile
import time
import types

_HEADER = struct.Struct(">I")
_MAX_DEPTH = 200
_MAX_ITEMS = 2_000_000
_TEST_DIR = "_codegym_tests"


def _prctl(option, value):
    try:
        ctypes.CDLL(None, use_errno=True).prctl(option, value, 0, 0, 0)
    except (OSError, AttributeError):
        pass


# ------------------------------------------------------------------ frames


def _send(fd, message):
    data = json.dumps(message, separators=(",", ":"), allow_nan=True).encode("utf-8", "surrogatepass")
    view = memoryview(_HEADER.pack(len(data)) + data)
    while view:
        view = view[os.write(fd, view):]


class ChannelDead(Exception):
    """The other side of the pipe is gone."""


class RemoteTimeout(Exception):
    """The solution did not answer in time."""


_BUFFERS = {}


def _read_exact(fd, n, deadline, drain=None):
    buffer = _BUFFERS.setdefault(fd, bytearray())
    while len(buffer) < n:
        wait = None if deadline is None else deadline - time.monotonic()
        if wait is not None and wait <= 0:
            raise RemoteTimeout("the solution did not answer in time")
        if wait is not None or drain is not None:
            fds = [fd] + ([drain] if drain is not None else [])
            ready, _, _ = select.select(fds, [], [], wait)
            if drain is not None and drain in ready:
                _drain_output(drain)
            if fd not in ready:
                continue
        chunk = os.read(fd, 1 << 20)
        if not chunk:
            raise ChannelDead("the solution process ended")
        buffer += chunk
    data = bytes(buffer[:n])
    del buffer[:n]
    return data


def _recv(fd, deadline=None, drain=None):
    (size,) = _HEADER.unpack(_read_exact(fd, _HEADER.size, deadline, drain))
    if size > 512 * 1024 * 1024:
        raise ChannelDead("oversized message from the solution process")
    return json.loads(_read_exact(fd, size, deadline, drain).decode("utf-8", "surrogatepass"))


_OUTPUT = bytearray()


def _drain_output(fd):
    try:
        chunk = os.read(fd, 1 << 16)
    except (BlockingIOError, OSError):
        return
    _OUTPUT.extend(chunk)
    del _OUTPUT[:-4096]


# ------------------------------------------------------------------ plain data

_SCALARS = (type(None), bool, int, float, str)
_MUTABLE = (list, dict, set, bytearray)


class Unsendable(Exception):
    """A value that cannot cross the boundary."""


def encode(value, to_ref, depth=0, budget=None):
    """Plain data as JSON; everything else through ``to_ref`` (a handle or callback id)."""
    if budget is None:
        budget = [_MAX_ITEMS]
    budget[0] -= 1
    if budget[0] < 0 or depth > _MAX_DEPTH:
        raise Unsendable("value too large or too deeply nested to send")
    kind = type(value)
    if kind in _SCALARS:
        return value
    if kind is list:
        return [encode(v, to_ref, depth + 1, budget) for v in value]
    if kind is tuple:
        return {"$tuple": [encode(v, to_ref, depth + 1, budget) for v in value]}
    if kind is dict:
        return {"$dict": [[encode(k, to_ref, depth + 1, budget), encode(v, to_ref, depth + 1, budget)] for k, v in value.items()]}
    if kind is set or kind is frozenset:
        return {"$" + kind.__name__: [encode(v, to_ref, depth + 1, budget) for v in value]}
    if kind is bytes or kind is bytearray:
        return {"$" + kind.__name__: base64.b64encode(bytes(value)).decode("ascii")}
    if kind is complex:
        return {"$complex": [value.real, value.imag]}
    if kind is fractions.Fraction:
        return {"$fraction": [value.numerator, value.denominator]}
    if kind is decimal.Decimal:
        return {"$decimal": str(value)}
    if kind is range:
        return {"$range": [value.start, value.stop, value.step]}
    return to_ref(value)


def decode(data, from_ref, depth=0):
    """Inverse of :func:`encode`; ``from_ref`` turns a tagged reference into an object."""
    if depth > _MAX_DEPTH:
        raise Unsendable("value too deeply nested")
    if data is None or type(data) in (bool, int, float, str):
        return data
    if type(data) is list:
        return [decode(v, from_ref, depth + 1) for v in data]
    if type(data) is not dict or len(data) != 1:
        raise Unsendable("malformed value from the other side")
    (tag, body), = data.items()
    if tag == "$tuple":
        return tuple(decode(v, from_ref, depth + 1) for v in body)
    if tag == "$dict":
        return {decode(k, from_ref, depth + 1): decode(v, from_ref, depth + 1) for k, v in body}
    if tag == "$set":
        return {decode(v, from_ref, depth + 1) for v in body}
    if tag == "$frozenset":
        return frozenset(decode(v, from_ref, depth + 1) for v in body)
    if tag == "$bytes":
        return base64.b64decode(body)
    if tag == "$bytearray":
        return bytearray(base64.b64decode(body))
    if tag == "$complex":
        return complex(body[0], body[1])
    if tag == "$fraction":
        return fractions.Fraction(int(body[0]), int(body[1]))
    if tag == "$decimal":
        return decimal.Decimal(str(body))
    if tag == "$range":
        return range(int(body[0]), int(body[1]), int(body[2]))
    return from_ref(tag, body)


# ------------------------------------------------------------------ worker side


class _Worker:
    """Runs in a worker process: serves the judge's requests on the agent's modules."""

    def __init__(self, rfd, wfd, workspace):
        self.rfd, self.wfd, self.workspace = rfd, wfd, workspace
        self.objects = {}
        self.ids = {}
        self.next_id = 1

    def ref(self, value):
        back = getattr(value, "_cg_judge_ref", None) if type(value) in (JudgeObject, types.FunctionType) else None
        if back is not None:
            return {"$jback": back}
        key = id(value)
        if key in self.ids and self.objects.get(self.ids[key]) is value:
            ref = self.ids[key]
        else:
            ref = self.next_id
            self.next_id += 1
            self.objects[ref] = value
            self.ids[key] = ref
        if isinstance(value, type) and issubclass(value, BaseException):
            return {"$excclass": self.exc_class_info(value)}
        name = value.__qualname__ if isinstance(value, type) else type(value).__qualname__
        return {"$ref": {"id": ref, "type": name, "callable": callable(value), "class": isinstance(value, type)}}

    @staticmethod
    def exc_class_info(cls):
        bases = [c.__name__ for c in cls.__mro__ if c.__module__ == "builtins" and issubclass(c, BaseException)]
        return {"name": cls.__name__, "module": getattr(cls, "__module__", "?"), "bases": bases}

    def from_ref(self, tag, body):
        if tag == "$ref":
            return self.objects[int(body)]
        if tag == "$cb":
            return self.callback_stub(int(body))
        if tag == "$jobj":
            return JudgeObject(self, int(body["id"]), body["type"])
        raise Unsendable("unknown reference kind " + tag)

    def callback_stub(self, cb):
        worker = self

        def callback(*args, **kwargs):
            return worker.request({"op": "callback", "cb": cb, "args": worker.enc(list(args)),
                                   "kwargs": worker.enc(kwargs)})
        callback._cg_judge_ref = cb
        return callback

    def enc(self, value):
        return encode(value, self.ref)

    def dec(self, data):
        return decode(data, self.from_ref)

    def request(self, message):
        """Ask the judge (a callback) and serve its nested requests until it answers."""
        message["t"] = "req"
        _send(self.wfd, message)
        while True:
            incoming = _recv(self.rfd)
            if incoming.get("t") == "rep":
                if incoming["ok"]:
                    return self.dec(incoming["value"])
                error = incoming.get("error", {})
                import builtins

                kind = getattr(builtins, str(error.get("name")), None)
                if not (isinstance(kind, type) and issubclass(kind, Exception)):
                    kind = RuntimeError
                raise kind(error.get("str", ""))
            self.serve_one(incoming)

    def serve_forever(self):
        while True:
            try:
                incoming = _recv(self.rfd)
            except ChannelDead:
                os._exit(0)
            self.serve_one(incoming)

    def serve_one(self, message):
        try:
            self.mutated = None
            value = self.handle(message)
            reply = {"t": "rep", "ok": True, "value": self.enc(value)}
            if self.mutated:
                reply["mutated"] = self.mutated
        except BaseException as exc:  # the agent's code may raise anything: report it, keep serving
            reply = {"t": "rep", "ok": False, "error": self.describe(exc)}
        try:
            _send(self.wfd, reply)
        except Unsendable as exc:
            _send(self.wfd, {"t": "rep", "ok": False, "error": self.describe(exc)})

    def describe(self, exc):
        try:
            args = self.enc(list(exc.args))
        except BaseException:
            args = None
        try:
            text = str(exc)
        except BaseException:
            text = "<unprintable exception>"
        info = self.exc_class_info(type(exc))
        attrs = {}
        for key, value in list(getattr(exc, "__dict__", {}).items())[:50]:
            try:
                attrs[key] = encode(value, _refuse)
            except BaseException:
                continue
        info.update({"args": args, "str": text[:2000], "attrs": attrs})
        return info

    def handle(self, message, target_override=None):
        op = message.get("op")
        if op == "import":
            import importlib

            return importlib.import_module(message["module"])
        target = target_override if target_override is not None else self.objects[int(message["ref"])]
        if op == "getattr":
            return getattr(target, message["name"])
        if op == "setattr":
            setattr(target, message["name"], self.dec(message["value"]))
            return None
        if op == "call":
            args, kwargs = self.dec(message["args"]), self.dec(message["kwargs"])
            watched = [(key, value, self.enc(value)) for key, value in list(enumerate(args)) + list(kwargs.items())
                       if type(value) in _MUTABLE]
            result = target(*args, **kwargs)
            self.mutated = {}
            for key, value, before in watched:
                now = self.enc(value)
                if now != before:
                    self.mutated[str(key)] = now
            return result
        if op == "callmethod":
            method = getattr(target, message["name"])
            return self.handle({"op": "call", "ref": None, "args": message["args"], "kwargs": message["kwargs"]},
                               target_override=method)
        if op == "isinstance":
            return isinstance(target, self.objects[int(message["cls"])])
        if op == "special":
            name = message["name"]
            args = self.dec(message["args"])
            if name == "__bool__":
                return bool(target)
            if name == "__len__":
                return len(target)
            if name == "__iter__":
                return iter(target)
            if name == "__next__":
                return next(target)
            if name == "__repr__":
                return repr(target)[:10000]
            if name == "__str__":
                return str(target)[:10000]
            if name == "__contains__":
                return args[0] in target
            if name == "__hash__":
                return hash(target)
            import operator

            return getattr(operator, name)(target, *args)
        raise Unsendable("unknown request " + repr(op))


def _refuse(value):
    raise Unsendable("not plain data")


class JudgeObject:
    """In a worker: a test's object (iterator, instrumented container, sentinel…) that
    stays in the judge; every use is a request back to it."""

    __slots__ = ("_cg_worker", "_cg_judge_ref", "_cg_type")

    def __init__(self, worker, ref, type_name):
        object.__setattr__(self, "_cg_worker", worker)
        object.__setattr__(self, "_cg_judge_ref", ref)
        object.__setattr__(self, "_cg_type", type_name)

    def _cg_ask(self, name, *args, **kwargs):
        worker = self._cg_worker
        return worker.request({"op": "jspecial", "ref": self._cg_judge_ref, "name": name,
                               "args": worker.enc(list(args)), "kwargs": worker.enc(kwargs)})

    def __getattr__(self, name):
        return self._cg_ask("getattr", name)

    def __call__(self, *args, **kwargs):
        return self._cg_ask("call", *args, **kwargs)

    def __iter__(self):
        return self._cg_ask("iter")

    def __next__(self):
        return self._cg_ask("next")

    def __len__(self):
        return self._cg_ask("len")

    def __getitem__(self, key):
        return self._cg_ask("getitem", key)

    def __setitem__(self, key, value):
        return self._cg_ask("setitem", key, value)

    def __contains__(self, item):
        return self._cg_ask("contains", item)

    def __eq__(self, other):
        return self._cg_ask("eq", other)

    def __ne__(self, other):
        return not self.__eq__(other)

    def __lt__(self, other):
        return self._cg_ask("lt", other)

    def __le__(self, other):
        return self._cg_ask("le", other)

    def __gt__(self, other):
        return self._cg_ask("gt", other)

    def __ge__(self, other):
        return self._cg_ask("ge", other)

    def __hash__(self):
        return self._cg_ask("hash")

    def __bool__(self):
        return self._cg_ask("bool")

    def __repr__(self):
        return self._cg_ask("repr")

    def __str__(self):
        return self._cg_ask("str")


def _start_worker(workspace, keep_fds, output_w):
    """Fork a worker; returns (pid, to_worker_fd, from_worker_fd)."""
    down_r, down_w = os.pipe()
    up_r, up_w = os.pipe()
    pid = os.fork()
    if pid == 0:
        try:
            os.setsid()
            null = os.open(os.devnull, os.O_RDONLY)
            os.dup2(null, 0)
            os.dup2(output_w, 1)
            os.dup2(output_w, 2)
            keep = {down_r, up_w, 0, 1, 2}
            for fd in list(keep_fds) + [down_w, up_r, null, output_w]:
                if fd not in keep:
                    try:
                        os.close(fd)
                    except OSError:
                        pass
            os.closerange(max(keep) + 1, 1 << 16)
            for fd in range(3, max(keep) + 1):
                if fd not in keep:
                    try:
                        os.close(fd)
                    except OSError:
                        pass
            sys.stdout = open(1, "w", closefd=False, buffering=1)
            sys.stderr = open(2, "w", closefd=False, buffering=1)
            os.chdir(workspace)
            sys.path.insert(0, workspace)
            sys.dont_write_bytecode = True
            sys.modules["__main__"] = types.ModuleType("__main__")
            for name in [n for n in sys.modules if n == "_codegym_judge" or n.startswith(_TEST_DIR)]:
                del sys.modules[name]
            _Worker(down_r, up_w, workspace).serve_forever()
        finally:
            os._exit(1)
    os.close(down_r)
    os.close(up_w)
    return pid, down_w, up_r


# ------------------------------------------------------------------ judge side


class Connection:
    """The judge's link to the current worker; replaces a dead worker by a spare."""

    def __init__(self, spares, output_r, per_test_timeout):
        self.spares = spares
        self.output_r = output_r
        self.per_test_timeout = per_test_timeout
        self.current = None
        self.deadline = None
        self.collecting = True
        self.callbacks = {}
        self.callback_ids = {}
        self.epoch = 0
        self.exc_classes = {}
        self.proxy_classes = {}
        self.crashes = 0
        self.lazy_names = []
        self.methods = set()
        self.proxies = {}

    def worker(self):
        if self.current is None:
            if not self.spares:
                raise ChannelDead("the solution crashed too often; no fresh process is left for the remaining tests")
            self.current = self.spares.pop(0)
            self.epoch += 1
        return self.current

    def kill_current(self):
        if self.current is not None:
            pid, wfd, rfd = self.current
            for sig_target in (lambda: os.killpg(pid, signal.SIGKILL), lambda: os.kill(pid, signal.SIGKILL)):
                try:
                    sig_target()
                except OSError:
                    pass
            for fd in (wfd, rfd):
                _BUFFERS.pop(fd, None)  # a new pipe may reuse the number
                try:
                    os.close(fd)
                except OSError:
                    pass
            try:
                os.waitpid(pid, 0)
            except ChildProcessError:
                pass
            self.current = None
            self.crashes += 1

    # ---- encoding on the judge side
    def to_ref(self, value):
        if isinstance(value, LazyName):
            value = value._cg_resolve()
            if not isinstance(value, RemoteBase):
                return self.enc(value)
        if isinstance(value, RemoteBase):
            if value._cg_epoch != self.epoch:
                raise Unsendable("this object belonged to a solution process that has since been restarted")
            return {"$ref": value._cg_id}
        ref = self.keep(value)
        if callable(value) and not isinstance(value, type):
            return {"$cb": ref}
        return {"$jobj": {"id": ref, "type": type(value).__name__}}

    def keep(self, value):
        """An id for a judge-side object lent to the solution (same object, same id)."""
        key = id(value)
        if key not in self.callback_ids or self.callbacks.get(self.callback_ids[key]) is not value:
            self.callback_ids[key] = len(self.callbacks) + 1
            self.callbacks[self.callback_ids[key]] = value
        return self.callback_ids[key]

    def from_ref(self, tag, body):
        if tag == "$ref":
            return self.proxy_for(body)
        if tag == "$excclass":
            return self.exception_class(body)
        if tag == "$jback":
            return self.callbacks[int(body)]
        raise Unsendable("unexpected value kind " + tag)

    def enc(self, value):
        return encode(value, self.to_ref)

    def dec(self, data):
        return decode(data, self.from_ref)

    def proxy_for(self, body):
        key = (body["type"], bool(body["class"]))
        cls = self.proxy_classes.get(key)
        if cls is None:
            cls = type(body["type"].rsplit(".", 1)[-1], (RemoteBase,), {"_cg_remote_type": body["type"]})
            self.proxy_classes[key] = cls
        cached = self.proxies.get((self.epoch, int(body["id"])))
        if cached is not None:
            return cached
        proxy = object.__new__(cls)
        self.proxies[(self.epoch, int(body["id"]))] = proxy
        object.__setattr__(proxy, "_cg_is_class", bool(body["class"]))
        object.__setattr__(proxy, "_cg_id", int(body["id"]))
        object.__setattr__(proxy, "_cg_conn", self)
        object.__setattr__(proxy, "_cg_epoch", self.epoch)
        return proxy

    def exception_class(self, info):
        key = (info["module"], info["name"])
        cls = self.exc_classes.get(key)
        if cls is None:
            base = Exception
            import builtins

            for name in info.get("bases", []):
                candidate = getattr(builtins, name, None)
                if isinstance(candidate, type) and issubclass(candidate, Exception):
                    base = candidate
                    break
            cls = type(info["name"], (base,), {"__module__": info["module"]})
            self.exc_classes[key] = cls
        return cls

    def raise_remote(self, error):
        module, name = error.get("module"), error.get("name")
        try:
            args = tuple(self.dec(error["args"])) if error.get("args") is not None else (error.get("str", ""),)
        except Exception:
            args = (error.get("str", ""),)
        if module == "builtins":
            builtin = getattr(__import__("builtins"), name, None)
            if isinstance(builtin, type) and issubclass(builtin, Exception):
                try:
                    exc = builtin(*args)
                except Exception:
                    exc = builtin(error.get("str", ""))
                raise exc
            raise RemoteCrash(name + " raised by the solution: " + error.get("str", ""))
        cls = self.exception_class(error)
        try:
            exc = cls(*args)
        except Exception:
            exc = cls(error.get("str", ""))
        for key, value in (error.get("attrs") or {}).items():
            try:
                setattr(exc, key, decode(value, self.from_ref))
            except Exception:
                pass
        raise exc

    # ---- requests
    def request(self, message, writeback=None):
        if self.collecting:
            raise CollectionUse("tests may not use the solution while being collected (at import time)")
        pid, wfd, rfd = self.worker()
        message["t"] = "req"
        try:
            _send(wfd, message)
            while True:
                incoming = _recv(rfd, self.deadline, self.output_r)
                if incoming.get("t") == "rep":
                    break
                self.serve_callback(wfd, incoming)
        except RemoteTimeout:
            self.kill_current()
            raise RemoteTimeout(f"the solution did not finish within {self.per_test_timeout:g}s (test timed out)")
        except (ChannelDead, OSError, ValueError, struct.error) as exc:
            self.kill_current()
            raise RemoteCrash(f"the solution process died ({type(exc).__name__}: {exc})") from None
        if incoming.get("ok"):
            if writeback is not None and incoming.get("mutated"):
                self.write_back(writeback, incoming["mutated"])
            return self.dec(incoming["value"])
        self.raise_remote(incoming.get("error") or {})

    def write_back(self, writeback, mutated):
        """The solution changed a list/dict/set argument in place: change the test's object too."""
        args, kwargs = writeback
        for key, data in mutated.items():
            original = args[int(key)] if key.isdigit() else kwargs.get(key)
            if type(original) not in _MUTABLE:
                continue
            value = self.dec(data)
            if type(value) is not type(original):
                continue
            if type(original) is dict or type(original) is set:
                original.clear()
                original.update(value)
            else:
                original[:] = value

    def serve_callback(self, wfd, message):
        try:
            op = message.get("op")
            if op == "callback":
                fn = self.callbacks[int(message["cb"])]
                value = fn(*self.dec(message["args"]), **self.dec(message["kwargs"]))
            elif op == "jspecial":
                value = self.judge_special(self.callbacks[int(message["ref"])], message["name"],
                                           self.dec(message["args"]), self.dec(message["kwargs"]))
            else:
                raise Unsendable("unexpected request from the solution")
            reply = {"t": "rep", "ok": True, "value": self.enc(value)}
        except Exception as exc:
            reply = {"t": "rep", "ok": False, "error": {"name": type(exc).__name__, "str": str(exc)[:500]}}
        _send(wfd, reply)


_JUDGE_SPECIALS = {
    "iter": iter, "next": next, "len": len, "repr": repr, "str": str, "hash": hash, "bool": bool,
    "getitem": lambda o, k: o[k], "contains": lambda o, k: k in o, "eq": lambda o, x: o == x,
    "lt": lambda o, x: o < x, "le": lambda o, x: o <= x, "gt": lambda o, x: o > x, "ge": lambda o, x: o >= x,
}


def _judge_special(self, obj, name, args, kwargs):
    if name == "getattr":
        return getattr(obj, args[0])
    if name == "call":
        return obj(*args, **kwargs)
    if name == "setitem":
        obj[args[0]] = args[1]
        return None
    return _JUDGE_SPECIALS[name](obj, *args)


Connection.judge_special = _judge_special


class CollectionUse(Exception):
    """A test module used the solution at import time."""


class RemoteCrash(Exception):
    """The solution process died, or raised something that is not an Exception."""


def _special(name):
    def method(self, *args):
        return self._cg_conn.request({"op": "special", "ref": self._cg_id, "name": name,
                                      "args": self._cg_conn.enc(list(args))})
    method.__name__ = name
    return method


def _refuse_plain_order(name):
    def method(self, other):
        if isinstance(other, RemoteBase):
            return _special(name)(self, other)
        raise TypeError(f"'{name}' between a solution object ({self._cg_remote_type}) and plain data is not trusted; "
                        "return plain values (numbers, strings, lists, dicts, …)")
    method.__name__ = name
    return method


class RemoteBase:
    """A handle to an object living in the worker."""

    _cg_remote_type = "object"

    def __getattr__(self, name):
        if name.startswith("__") and name.endswith("__"):
            raise AttributeError(name)
        conn = self._cg_conn
        key = (self._cg_remote_type, name)
        if key in conn.methods:
            return RemoteMethod(self, name)
        value = conn.request({"op": "getattr", "ref": self._cg_id, "name": name})
        if isinstance(value, RemoteBase) and value._cg_remote_type == "method":
            conn.methods.add(key)  # later look-ups of this method cost no round trip
        return value

    def __setattr__(self, name, value):
        self._cg_conn.request({"op": "setattr", "ref": self._cg_id, "name": name, "value": self._cg_conn.enc(value)})

    def __call__(self, *args, **kwargs):
        conn = self._cg_conn
        return conn.request({"op": "call", "ref": self._cg_id, "args": conn.enc(list(args)), "kwargs": conn.enc(kwargs)},
                            writeback=(args, kwargs))

    def __eq__(self, other):
        if isinstance(other, RemoteBase):
            result = _special("eq")(self, other)
            return result if type(result) is bool else False
        return False  # a solution object never equals plain data: compare values, not objects

    def __ne__(self, other):
        return not self.__eq__(other)

    def __hash__(self):
        return hash(("codegym-remote", self._cg_epoch, self._cg_id))

    def __bool__(self):
        result = _special("__bool__")(self)
        return result if type(result) is bool else True

    def __len__(self):
        result = _special("__len__")(self)
        if type(result) is not int:
            raise TypeError("len() of a solution object did not return an int")
        return result

    def __iter__(self):
        return _special("__iter__")(self)

    def __next__(self):
        return _special("__next__")(self)

    def __repr__(self):
        result = _special("__repr__")(self)
        return result if type(result) is str else f"<solution {self._cg_remote_type}>"

    def __str__(self):
        result = _special("__str__")(self)
        return result if type(result) is str else f"<solution {self._cg_remote_type}>"

    def __contains__(self, item):
        result = _special("__contains__")(self, item)
        return result if type(result) is bool else False

    __getitem__ = _special("getitem")
    __setitem__ = _special("setitem")
    __delitem__ = _special("delitem")
    __lt__ = _refuse_plain_order("lt")
    __le__ = _refuse_plain_order("le")
    __gt__ = _refuse_plain_order("gt")
    __ge__ = _refuse_plain_order("ge")
    __add__ = _special("add")
    __sub__ = _special("sub")
    __mul__ = _special("mul")
    __truediv__ = _special("truediv")
    __floordiv__ = _special("floordiv")
    __mod__ = _special("mod")
    __neg__ = _special("neg")


class RemoteMethod:
    """``obj.method`` of a solution object: one round trip when called."""

    __slots__ = ("owner", "name")

    def __init__(self, owner, name):
        self.owner, self.name = owner, name

    def __call__(self, *args, **kwargs):
        conn = self.owner._cg_conn
        return conn.request({"op": "callmethod", "ref": self.owner._cg_id, "name": self.name,
                             "args": conn.enc(list(args)), "kwargs": conn.enc(kwargs)}, writeback=(args, kwargs))

    def __repr__(self):
        return f"<solution method {self.owner._cg_remote_type}.{self.name}>"


class LazyName:
    """A name of a solution module, resolved on first use (never while collecting) and again
    whenever the solution process was replaced. ``from solution import f`` binds one."""

    def __init__(self, conn, module, name):
        object.__setattr__(self, "_cg_target", (conn, module, name))
        object.__setattr__(self, "_cg_value", None)
        object.__setattr__(self, "_cg_epoch", -1)
        conn.lazy_names.append(self)

    def _cg_resolve(self):
        conn, module, name = self._cg_target
        if self._cg_epoch != conn.epoch or conn.current is None:
            mod = conn.request({"op": "import", "module": module})
            if not isinstance(mod, RemoteBase):
                raise ImportError(f"cannot import {module!r} from the solution")
            value = getattr(mod, name)
            object.__setattr__(self, "_cg_value", value)
            object.__setattr__(self, "_cg_epoch", conn.epoch)
        return self._cg_value

    def __call__(self, *args, **kwargs):
        return self._cg_resolve()(*args, **kwargs)

    def __getattr__(self, name):
        return getattr(self._cg_resolve(), name)

    def __instancecheck__(self, instance):
        target = self._cg_resolve()
        if isinstance(target, type):
            return isinstance(instance, target)
        if isinstance(target, RemoteBase) and target._cg_is_class and isinstance(instance, RemoteBase) \
                and instance._cg_epoch == target._cg_epoch:
            return target._cg_conn.request({"op": "isinstance", "ref": instance._cg_id, "cls": target._cg_id}) is True
        return False

    def __repr__(self):
        conn, module, name = self._cg_target
        return f"<solution {module}.{name}>"


class ProxyModule(types.ModuleType):
    """Stands in for a solution module in the judge; its attributes live in the worker."""

    def __init__(self, name, conn, path=None):
        super().__init__(name)
        object.__setattr__(self, "_cg_conn", conn)
        if path:
            self.__file__ = path

    def __getattr__(self, name):
        conn = object.__getattribute__(self, "_cg_conn")
        if name.startswith("__") and name.endswith("__"):
            raise AttributeError(name)
        lazy = LazyName(conn, self.__name__, name)
        if conn.collecting:
            return lazy
        value = lazy._cg_resolve()
        return value if isinstance(value, type) else lazy


def _bind_exception_classes(conn, modules):
    """After collection: names that are exception classes become real local classes,
    so ``pytest.raises(solution_error)`` works. Everything else stays lazy."""
    for lazy in list(conn.lazy_names):
        try:
            value = lazy._cg_resolve()
        except Exception:
            break  # the solution does not import (or hangs): the tests will fail on their own
        if not isinstance(value, type):
            continue
        for module in modules:
            for key, item in list(vars(module).items()):
                if item is lazy:
                    setattr(module, key, value)


class _Recorder:
    """pytest plugin in the judge: per-test outcomes, collection errors, per-test deadlines."""

    def __init__(self, conn, test_root, marker):
        self.marker = marker
        self.conn = conn
        self.test_root = test_root
        self.outcomes = {}
        self.messages = {}
        self.collect_errors = []
        self.collected = 0

    def pytest_collectreport(self, report):
        if report.failed:
            self.collect_errors.append(str(report.longrepr)[-2000:])

    def pytest_collection_finish(self, session):
        self.collected = len(session.items)
        # Announced before any agent code runs, so a run the agent breaks still counts every test.
        announce = {"collected": [item.nodeid for item in session.items], "collect_errors": len(self.collect_errors)}
        os.write(1, ("\n" + self.marker + "collected" + json.dumps(announce) + "\n").encode("utf-8", "replace"))
        shutil.rmtree(self.test_root, ignore_errors=True)  # no test file exists once agent code can run
        self.conn.collecting = False
        modules = {id(item.module): item.module for item in session.items if getattr(item, "module", None)}
        self.conn.deadline = time.monotonic() + self.conn.per_test_timeout
        _bind_exception_classes(self.conn, list(modules.values()))

    def pytest_runtest_setup(self, item):
        self.conn.deadline = time.monotonic() + self.conn.per_test_timeout

    def pytest_runtest_logreport(self, report):
        node = report.nodeid
        previous = self.outcomes.get(node)
        if report.when == "call":
            outcome = "passed" if report.passed else "skipped" if report.skipped else "failed"
            if previous in (None, "setup-ok"):
                self.outcomes[node] = outcome
        elif report.failed or report.skipped:
            self.outcomes[node] = "failed" if report.failed else "skipped"
        elif report.when == "setup" and previous is None:
            self.outcomes[node] = "setup-ok"
        if report.failed:
            self.messages[node] = str(report.longrepr)[-1500:]


def main():
    _prctl(4, 0)  # PR_SET_DUMPABLE 0: workers (same uid) cannot read the judge's memory
    workspace = os.getcwd()
    output_r, output_w = os.pipe()
    os.set_blocking(output_r, False)
    spares = []
    held = [output_r, output_w]
    for _ in range(4):
        pid, wfd, rfd = _start_worker(workspace, held, output_w)
        spares.append((pid, wfd, rfd))
        held += [wfd, rfd]
    os.close(output_w)
    spec = json.loads(sys.stdin.read())  # the tests arrive only now, after every worker exists
    sys.stdin.close()
    conn = Connection(spares, output_r, float(spec.get("per_test_timeout", 10)))
    for name in spec["modules"]:
        parent, _, leaf = name.rpartition(".")
        module = ProxyModule(name, conn, os.path.join(workspace, name.replace(".", os.sep) + ".py"))
        sys.modules[name] = module
        if parent and parent not in sys.modules:
            sys.modules[parent] = ProxyModule(parent, conn)
    root = tempfile.mkdtemp(prefix="cg-judge-")
    test_root = os.path.join(root, _TEST_DIR)
    os.makedirs(test_root)
    with open(os.path.join(root, "pytest.ini"), "w") as fh:
        fh.write("[pytest]\n")
    paths = []
    for rel, source in sorted(spec["tests"].items()):
        path = os.path.join(test_root, rel)
        os.makedirs(os.path.dirname(path), exist_ok=True)
        with open(path, "w", encoding="utf-8") as fh:
            fh.write(source)
        lines = source.splitlines(True)
        linecache.cache[path] = (len(source), None, lines, path)
        if os.path.basename(rel).startswith("test_") and rel.endswith(".py"):
            paths.append(path)
    recorder = _Recorder(conn, test_root, spec["marker"])
    import pytest

    os.chdir(root)
    code = pytest.main(["-q", "-p", "no:cacheprovider", "--noconftest", "--import-mode=importlib",
                        "--rootdir", root, "-c", os.path.join(root, "pytest.ini"), "--tb=short",
                        "-o", "console_output_style=classic", *paths], plugins=[recorder])
    conn.kill_current()
    for pid, wfd, rfd in conn.spares:
        conn.current = (pid, wfd, rfd)
        conn.kill_current()
    _drain_output(output_r)
    outcomes = {node: ("error" if outcome == "setup-ok" else outcome) for node, outcome in recorder.outcomes.items()}
    prefix = root + os.sep
    recorder.messages = {node: text.replace(prefix, "") for node, text in recorder.messages.items()}
    recorder.collect_errors = [text.replace(prefix, "") for text in recorder.collect_errors]
    report = {"exit": int(code), "outcomes": outcomes, "messages": recorder.messages,
              "collect_errors": recorder.collect_errors, "collected": recorder.collected,
              "solution_output": _OUTPUT.decode("utf-8", "replace")[-2000:]}
    shutil.rmtree(root, ignore_errors=True)
    sys.stdout.flush()
    os.write(1, ("\n" + spec["marker"] + json.dumps(report) + "\n").encode("utf-8", "replace"))


main()

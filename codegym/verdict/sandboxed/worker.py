"""The worker: the only process that runs the agent's code (sent into the sandbox).

It is started by the judge as a *fresh interpreter* (fork + exec, ``-I -S``), so its
memory never held the tests, the report or the job request. It imports the agent's
modules and serves the judge's requests on two inherited pipe fds; its stdout/stderr
go to a pipe the judge only drains. Objects it returns that are not plain data stay
here and are referred to by id; objects the judge lends it are :class:`Lent` stubs that
ask the judge for each use (the judge decides what is allowed).

Example (inside the sandbox): ``python3 -I -S -c <wire.py + worker.py> WORKSPACE``.
"""

import builtins
import importlib
import operator


class Lent:
    """A test object that stays in the judge; every use is a request back to it."""

    __slots__ = ("cg_ref",)

    def __init__(self, ref):
        object.__setattr__(self, "cg_ref", ref)

    def __getattr__(self, name):
        return SERVER.ask("attr", self, name)

    def __setattr__(self, name, value):
        raise AttributeError("objects lent by the tests are read-only")

    def __call__(self, *args, **kwargs):
        return SERVER.ask("call", self, args, kwargs)

    def __iter__(self):
        return SERVER.ask("iter", self)

    def __next__(self):
        return SERVER.ask("next", self)

    def __len__(self):
        return SERVER.ask("len", self)

    def __getitem__(self, key):
        return SERVER.ask("getitem", self, key)

    def __setitem__(self, key, value):
        return SERVER.ask("setitem", self, key, value)

    def __delitem__(self, key):
        return SERVER.ask("delitem", self, key)

    def __contains__(self, item):
        return SERVER.ask("contains", self, item)

    def __bool__(self):
        return SERVER.ask("bool", self)

    def __eq__(self, other):
        return SERVER.ask("eq", self, other)

    def __ne__(self, other):
        return SERVER.ask("ne", self, other)

    def __lt__(self, other):
        return SERVER.ask("lt", self, other)

    def __le__(self, other):
        return SERVER.ask("le", self, other)

    def __gt__(self, other):
        return SERVER.ask("gt", self, other)

    def __ge__(self, other):
        return SERVER.ask("ge", self, other)

    def __hash__(self):
        return SERVER.ask("hash", self)

    def __repr__(self):
        return SERVER.ask("repr", self)

    def __str__(self):
        return SERVER.ask("str", self)


def cg_lent(ref):
    """Unpickling hook: a judge object lent to us."""
    return Lent(ref)


def cg_obj(ref):
    """Unpickling hook: one of our own objects, referred to by the judge."""
    return SERVER.objects[ref]


def cg_handle(*args):
    """Pickling placeholder; the judge builds its handle from the arguments."""
    raise RuntimeError("not called here")


def cg_back(ref):
    """Pickling placeholder: a lent judge object going back to the judge."""
    raise RuntimeError("not called here")


def cg_value(tag, args):
    """Pickling placeholder for complex/Fraction/Decimal/range."""
    raise RuntimeError("not called here")


class WorkerPickler(_pickle.Pickler):
    """Plain data as itself; everything else as a handle the judge can only ask about."""

    def reducer_override(self, obj):
        kind = type(obj)
        if kind is bytearray or obj is cg_handle or obj is cg_back or obj is cg_value:
            return NotImplemented  # pickled natively / by reference to the hook
        if kind is Lent:
            return cg_back, (object.__getattribute__(obj, "cg_ref"),)
        reduction = value_reduction(obj, cg_value)
        if reduction is not None:
            return reduction
        return cg_handle, SERVER.remember(obj)


class Unpickler(_pickle.Unpickler):
    """Judge messages are trusted; only our three hooks are names worth resolving."""

    HOOKS = {"cg_lent": cg_lent, "cg_obj": cg_obj}

    def find_class(self, module, name):
        if module == "__main__" and name in self.HOOKS:
            return self.HOOKS[name]
        return super().find_class(module, name)


def _exception_info(exc, workspace):
    """A plain description of ``exc`` with the agent-file frames of its traceback."""
    try:
        text = str(exc)[:4000]
    except BaseException:
        text = "<unprintable exception>"
    kind = type(exc)
    bases = [c.__name__ for c in kind.__mro__ if c.__module__ == "builtins" and issubclass(c, BaseException)]
    frames = []
    try:
        import linecache

        tb = exc.__traceback__
        prefix = workspace.rstrip("/") + "/"
        while tb is not None and len(frames) < 40:
            code = tb.tb_frame.f_code
            if code.co_filename.startswith(prefix):
                rel = code.co_filename[len(prefix):]
                line = linecache.getline(code.co_filename, tb.tb_lineno).strip()
                frames.append(f"{rel}:{tb.tb_lineno}: in {code.co_name}\n    {line}"[:400])
            tb = tb.tb_next
    except BaseException:
        pass
    args = ()
    try:
        if all(type(a) in PLAIN_SCALARS for a in exc.args) and len(exc.args) < 20:
            args = tuple(exc.args)
    except BaseException:
        pass
    attrs = {}
    try:
        for key, value in list(getattr(exc, "__dict__", {}).items())[:50]:
            if type(key) is str and type(value) in PLAIN_SCALARS:
                attrs[key] = value
    except BaseException:
        pass
    return {"attrs": attrs, "name": str(getattr(kind, "__name__", "Exception"))[:200],
            "module": str(getattr(kind, "__module__", "?"))[:200],
            "bases": bases, "message": text, "args": args, "frames": frames}


def _with_changes(result, args, kwargs):
    """(result, the current values of the list/dict/set/bytearray arguments)."""
    mutable = (list, dict, set, bytearray)
    changed = {i: v for i, v in enumerate(args) if type(v) in mutable}
    changed.update({k: v for k, v in kwargs.items() if type(v) in mutable})
    return result, changed


class Server:
    """Serves the judge's requests, one at a time, in order."""

    def __init__(self, pipe, workspace):
        self.pipe, self.workspace = pipe, workspace
        self.objects, self.ids = {}, {}
        self.outbox = bytearray()
        self.dumps = Encoder(WorkerPickler)

    def remember(self, obj):
        """(ref, type name, is a class, is callable) for an object that stays here."""
        ref = self.ids.get(id(obj))
        if ref is None or self.objects.get(ref) is not obj:
            ref = len(self.objects) + 1
            self.objects[ref] = obj
            self.ids[id(obj)] = ref
        is_class = isinstance(obj, type)
        name = obj.__qualname__ if is_class else type(obj).__qualname__
        exc = is_class and issubclass(obj, BaseException)
        bases = [c.__name__ for c in obj.__mro__ if c.__module__ == "builtins"] if exc else []
        return ref, str(name)[:200], is_class, callable(obj), bases

    def encode(self, message):
        try:
            return self.dumps(message)
        except RecursionError:
            return dumps(("err", _exception_info(ValueError("value nested too deeply to return"), self.workspace)),
                         WorkerPickler)

    def ask(self, op, *args):
        """A request to the judge about a lent object; serves nested requests meanwhile."""
        if self.outbox:
            self.pipe.write_framed(self.outbox)
            self.outbox = bytearray()
        self.pipe.send(self.encode(("req", op, args)))
        while True:
            message = Unpickler(io.BytesIO(self.pipe.recv())).load()
            if message[0] == "ok":
                return message[1]
            if message[0] == "err":
                kind = getattr(builtins, str(message[1]), None)
                if not (isinstance(kind, type) and issubclass(kind, Exception)):
                    kind = RuntimeError
                raise kind(message[2])
            self.serve_one(message)

    def serve_forever(self):
        """Serve in order; replies to a burst of pipelined requests leave in one write."""
        while True:
            try:
                data = self.pipe.recv()
            except ChannelDead:
                os._exit(0)
            self.outbox += frame(self.reply_to(Unpickler(io.BytesIO(data)).load()))
            if not self.pipe.has_frame() or len(self.outbox) > 1 << 16:
                self.pipe.write_framed(self.outbox)
                self.outbox = bytearray()

    def serve_one(self, message):
        """Serve a nested request (while we wait for the judge): reply at once."""
        self.pipe.send(self.reply_to(message))

    def reply_to(self, message):
        try:
            reply = ("ok", self.handle(*message))
        except BaseException as exc:  # agent code may raise anything: report it, keep serving
            reply = ("err", _exception_info(exc, self.workspace))
        try:
            return self.encode(reply)
        except BaseException as exc:
            return self.encode(("err", _exception_info(exc, self.workspace)))

    def handle(self, op, *args):
        if op == "import":
            return importlib.import_module(args[0])
        if op == "call":
            target, call_args, kwargs, write_back = args
            result = target(*call_args, **kwargs)
            return _with_changes(result, call_args, kwargs) if write_back else result
        if op == "method":
            target, name, call_args, kwargs, write_back = args
            result = getattr(target, name)(*call_args, **kwargs)
            return _with_changes(result, call_args, kwargs) if write_back else result
        if op == "getattr":
            return getattr(args[0], args[1])
        if op == "setattr":
            setattr(args[0], args[1], args[2])
            return None
        if op == "delattr":
            delattr(args[0], args[1])
            return None
        if op == "isinstance":
            return isinstance(args[0], args[1])
        if op == "op":
            target, name, rest = args
            if name == "repr":
                return repr(target)[:20000]
            if name == "str":
                return str(target)[:20000]
            if name == "iter":
                return iter(target)
            if name == "next":
                return next(target)
            if name == "len":
                return len(target)
            if name == "contains":
                return rest[0] in target
            return getattr(operator, name)(target, *rest)
        raise ValueError(f"unknown request {op!r}")


def worker_main(workspace, rfd, wfd):
    """Serve the judge on ``rfd``/``wfd`` with ``workspace`` as cwd and first on sys.path."""
    allow_long_ints()
    sys.path.insert(0, workspace)
    sys.dont_write_bytecode = True
    os.chdir(workspace)
    global SERVER
    SERVER = Server(Pipe(rfd, wfd), workspace)
    SERVER.serve_forever()


SERVER = None
if __name__ == "__main__" and len(sys.argv) > 1 and sys.argv[1] == "--codegym-worker":
    worker_main(sys.argv[2], int(sys.argv[3]), int(sys.argv[4]))

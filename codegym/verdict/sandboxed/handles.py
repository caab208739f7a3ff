"""What the tests see of the solution (sent into the sandbox, after link.py).

``sys.modules["solution"]`` is a :class:`ProxyModule`; its names are :class:`LazyName`
(resolved on first use, never while collecting, again after a worker restart); objects
that are not plain data are :class:`RemoteBase` handles. A handle answers only what a
test may ask a solution object (attributes, calls, len, iteration, indexing, membership,
str/repr) and nothing that would let the solution decide a comparison: it never equals
anything but itself, cannot be ordered, has no truth value, and arithmetic on it must
give another solution object (a plain number out of ``h - 1`` or ``abs(h)`` is refused).

Example (inside the sandbox):
    >>> from solution import LRUCache      # doctest: +SKIP
    >>> c = LRUCache(2); c.put(1, 1)       # pipelined: no round trip waited for
"""


def _ask(handle, message, deferrable=False):
    return object.__getattribute__(handle, "cg_link").request(message, deferrable)


def _untrusted(what):
    def method(self, *args):
        raise TypeError(f"{what} of a solution object ({object.__getattribute__(self, 'cg_type')}) is not "
                        "trusted: tests must compare plain values (numbers, strings, lists, dicts, …)")
    return method


def _arith(name):
    def method(self, *args):
        result = _ask(self, ("op", self, name, args))
        if not isinstance(result, RemoteBase):
            raise TypeError(f"'{name}' on a solution object gave plain data; arithmetic on solution objects must "
                            "give solution objects (compare plain values instead)")
        return result
    method.__name__ = f"__{name}__"
    return method


def _typed(name, kind):
    def method(self, *args):
        result = _ask(self, ("op", self, name, args))
        if type(result) is not kind:
            raise TypeError(f"{name}() of a solution object did not give {kind.__name__}")
        return result
    return method


class RemoteBase:
    """A handle to an object that lives in the worker."""

    __slots__ = ("cg_link", "cg_id", "cg_epoch", "cg_is_class", "cg_type", "__weakref__")

    def __getattr__(self, name):
        if name.startswith("__") and name.endswith("__"):
            raise AttributeError(name)
        link = object.__getattribute__(self, "cg_link")
        key = (object.__getattribute__(self, "cg_type"), name)
        if key in link.methods:
            return RemoteMethod(self, name)
        value = _ask(self, ("getattr", self, name))
        if isinstance(value, RemoteBase) and object.__getattribute__(value, "cg_type") == "method":
            link.methods.add(key)  # later look-ups of this method cost no round trip
        return value

    def __setattr__(self, name, value):
        _ask(self, ("setattr", self, name, value))

    def __delattr__(self, name):
        _ask(self, ("delattr", self, name))

    def __call__(self, *args, **kwargs):
        return object.__getattribute__(self, "cg_link").call(("call", self, args, kwargs), args, kwargs)

    def __eq__(self, other):
        if other is self:
            return True
        raise TypeError(f"comparing a solution object ({object.__getattribute__(self, 'cg_type')}) is not trusted: "
                        "tests must compare plain values")

    __ne__ = lambda self, other: not self.__eq__(other)  # noqa: E731
    __lt__ = __le__ = __gt__ = __ge__ = _untrusted("ordering")
    __bool__ = _untrusted("the truth value")
    __int__ = __float__ = __index__ = __complex__ = __round__ = _untrusted("converting")

    def __hash__(self):
        return hash(("codegym-handle", object.__getattribute__(self, "cg_epoch"), object.__getattribute__(self, "cg_id")))

    __len__ = _typed("len", int)
    __contains__ = _typed("contains", bool)
    __repr__ = _typed("repr", str)
    __str__ = _typed("str", str)

    def __iter__(self):
        return _ask(self, ("op", self, "iter", ()))

    def __next__(self):
        return _ask(self, ("op", self, "next", ()))

    def __getitem__(self, key):
        return _ask(self, ("op", self, "getitem", (key,)))

    def __setitem__(self, key, value):
        return _ask(self, ("op", self, "setitem", (key, value)), deferrable=True)

    def __delitem__(self, key):
        return _ask(self, ("op", self, "delitem", (key,)))

    __add__, __radd__, __sub__, __rsub__ = _arith("add"), _arith("add"), _arith("sub"), _arith("sub")
    __mul__, __rmul__, __truediv__, __floordiv__ = _arith("mul"), _arith("mul"), _arith("truediv"), _arith("floordiv")
    __mod__, __pow__, __neg__, __pos__, __abs__ = _arith("mod"), _arith("pow"), _arith("neg"), _arith("pos"), _arith("abs")
    __and__, __or__, __xor__, __invert__ = _arith("and_"), _arith("or_"), _arith("xor"), _arith("invert")
    __lshift__, __rshift__, __matmul__ = _arith("lshift"), _arith("rshift"), _arith("matmul")


class RemoteMethod:
    """``obj.method`` of a solution object whose type is known to have that method:
    calling it is one request (pipelined when the result is discarded)."""

    __slots__ = ("owner", "name")

    def __init__(self, owner, name):
        self.owner, self.name = owner, name

    def __call__(self, *args, **kwargs):
        owner = self.owner
        return object.__getattribute__(owner, "cg_link").call(("method", owner, self.name, args, kwargs), args, kwargs)

    def __repr__(self):
        return f"<solution method {object.__getattribute__(self.owner, 'cg_type')}.{self.name}>"


class LazyName:
    """``from solution import f`` binds one; it resolves on use, after collection."""

    def __init__(self, link, module, name):
        object.__setattr__(self, "cg_target", (link, module, name))
        object.__setattr__(self, "cg_value", None)
        object.__setattr__(self, "cg_epoch", -1)

    def cg_resolve(self):
        link, module, name = object.__getattribute__(self, "cg_target")
        if object.__getattribute__(self, "cg_epoch") != link.epoch or link.proc is None:
            mod = link.request(("import", module))
            if not isinstance(mod, RemoteBase):
                raise ImportError(f"cannot import {module!r} from the solution")
            value = getattr(mod, name)
            if isinstance(value, LazyName):  # the same object under another name
                value = value.cg_resolve()
            if isinstance(value, RemoteBase) and (link.epoch, object.__getattribute__(value, "cg_id")) not in link.lazy_for:
                link.lazy_for[(link.epoch, object.__getattribute__(value, "cg_id"))] = self
            object.__setattr__(self, "cg_value", value)
            object.__setattr__(self, "cg_epoch", link.epoch)
        return object.__getattribute__(self, "cg_value")

    def __call__(self, *args, **kwargs):
        return self.cg_resolve()(*args, **kwargs)

    def __getattr__(self, name):
        return getattr(self.cg_resolve(), name)

    def __instancecheck__(self, instance):
        target = self.cg_resolve()
        if isinstance(target, type):
            return isinstance(instance, target)
        if isinstance(target, RemoteBase) and isinstance(instance, RemoteBase):
            return _ask(target, ("isinstance", instance, target)) is True
        return False

    def __repr__(self):
        link, module, name = object.__getattribute__(self, "cg_target")
        return f"<solution {module}.{name}>"


class ProxyModule(types.ModuleType):
    """Stands in for a solution module in the judge."""

    def __init__(self, name, link, path=None):
        super().__init__(name)
        object.__setattr__(self, "cg_link", link)
        if path:
            self.__file__ = path  # tests may read the solution's source (e.g. to forbid imports)

    def __getattr__(self, name):
        if name.startswith("__") and name.endswith("__"):
            raise AttributeError(name)
        link = object.__getattribute__(self, "cg_link")
        lazy = link.lazy_by_name.get((self.__name__, name))
        if lazy is None:  # one LazyName per name: every test module's `DELETE` is the same object
            lazy = link.lazy_by_name[(self.__name__, name)] = LazyName(link, self.__name__, name)
            link.lazy_names.append(lazy)
        if link.collecting:
            return lazy
        value = lazy.cg_resolve()
        return value if isinstance(value, type) else lazy

"""Frames and values on the judge <-> worker pipes (sent into the sandbox; stdlib only).

Both sides run this file. Messages are pickles framed by an 8-byte length. What the
judge sends is trusted; what a worker sends is decoded by :class:`SafeUnpickler`, which
builds plain data only (None, bool, int, float, str, bytes, bytearray, list, tuple,
dict, set, frozenset) plus the few constructors the judge registers (handles, complex,
Fraction, Decimal, range): no class of the worker's choosing can ever be made.

Example (inside the sandbox):
    >>> pipe = Pipe(rfd, wfd)          # doctest: +SKIP
    >>> pipe.send(dumps(("call", 1, (2, 3), {}), JudgePickler))  # doctest: +SKIP
"""

import io
import os
import select
import struct
import sys
import time
import _pickle

HEADER = struct.Struct("<Q")
MAX_MESSAGE = 512 << 20
READ_CHUNK = 1 << 16
DEPTH_LIMIT = 12000  # nesting that correct code may legitimately return


def allow_long_ints():
    """Let ints of any length cross the pipes (correct code may return them); each side's
    ``main`` calls this, so merely defining the harness changes no process."""
    if hasattr(sys, "set_int_max_str_digits"):
        sys.set_int_max_str_digits(0)


class ChannelDead(Exception):
    """The other side of the pipe is gone, or sent something that is not a frame."""


class RemoteTimeout(Exception):
    """The other side did not answer before the deadline."""


class Pipe:
    """One reading and one writing fd; length-framed messages; optional deadline."""

    def __init__(self, rfd, wfd):
        self.rfd, self.wfd = rfd, wfd
        self.buffer = bytearray()

    def send(self, data):
        self.write_framed(frame(data))

    def write_framed(self, framed):
        view = memoryview(framed)
        while view:
            view = view[os.write(self.wfd, view):]

    def has_frame(self):
        """A whole message is already buffered (no read needed)."""
        if len(self.buffer) < HEADER.size:
            return False
        return len(self.buffer) >= HEADER.size + HEADER.unpack_from(self.buffer)[0]

    def send_reading(self, framed, deadline=None):
        """Send already-framed bytes while buffering whatever the other side writes
        meanwhile (it may be blocked writing replies to pipelined requests: never
        deadlock on a full pipe)."""
        view = memoryview(framed)
        os.set_blocking(self.wfd, False)
        try:
            while view:
                wait = None if deadline is None else deadline - time.monotonic()
                if wait is not None and wait <= 0:
                    raise RemoteTimeout("no answer before the deadline")
                readable, writable, _ = select.select([self.rfd], [self.wfd], [], wait)
                if readable:
                    chunk = os.read(self.rfd, READ_CHUNK)
                    if not chunk:
                        raise ChannelDead("the other process ended")
                    self.buffer += chunk
                if writable:
                    try:
                        view = view[os.write(self.wfd, view):]
                    except BlockingIOError:
                        pass
        finally:
            os.set_blocking(self.wfd, True)

    def _fill(self, n, deadline):
        while len(self.buffer) < n:
            if deadline is not None:
                wait = deadline - time.monotonic()
                if wait <= 0:
                    raise RemoteTimeout("no answer before the deadline")
                if not select.select([self.rfd], [], [], wait)[0]:
                    continue
            want = n - len(self.buffer)  # a small read: a 1 MiB one costs an mmap/munmap per call
            chunk = os.read(self.rfd, READ_CHUNK if want <= READ_CHUNK else min(want, 1 << 24))
            if not chunk:
                raise ChannelDead("the other process ended")
            self.buffer += chunk

    def recv(self, deadline=None):
        self._fill(HEADER.size, deadline)
        (size,) = HEADER.unpack_from(self.buffer)
        if size > MAX_MESSAGE:
            raise ChannelDead("oversized message")
        self._fill(HEADER.size + size, deadline)
        data = bytes(self.buffer[HEADER.size:HEADER.size + size])
        del self.buffer[:HEADER.size + size]
        return data


def frame(data):
    """Length-prefixed bytes of one message."""
    return HEADER.pack(len(data)) + data


def dumps(value, pickler_class, **kwargs):
    """Pickle ``value`` with ``pickler_class`` (protocol 5). Deep values may need more
    than the interpreter's recursion limit, which the agent's own code keeps as is."""
    buffer = io.BytesIO()
    limit = sys.getrecursionlimit()
    sys.setrecursionlimit(max(limit, DEPTH_LIMIT + 200))
    try:
        pickler_class(buffer, 5, **kwargs).dump(value)
    finally:
        sys.setrecursionlimit(limit)
    return buffer.getvalue()


class Encoder:
    """``dumps`` with one pickler and buffer kept for every message (the memo cleared
    each time); a nested use (pickling that itself sends a request) gets a fresh one.

    Example:
        >>> encode = Encoder(_pickle.Pickler)
        >>> _pickle.loads(encode((1, "a")))
        (1, 'a')
    """

    def __init__(self, pickler_class, **kwargs):
        self.pickler_class, self.kwargs = pickler_class, kwargs
        self.buffer = io.BytesIO()
        self.pickler = pickler_class(self.buffer, 5, **kwargs)
        self.busy = False

    def __call__(self, value):
        if self.busy:
            return dumps(value, self.pickler_class, **self.kwargs)
        buffer, pickler = self.buffer, self.pickler
        limit = sys.getrecursionlimit()
        if limit < DEPTH_LIMIT + 200:
            sys.setrecursionlimit(DEPTH_LIMIT + 200)
        self.busy = True
        try:
            pickler.dump(value)
            return buffer.getvalue()
        finally:
            self.busy = False
            pickler.clear_memo()
            buffer.seek(0)
            buffer.truncate()
            if limit < DEPTH_LIMIT + 200:
                sys.setrecursionlimit(limit)


class SafeUnpickler(_pickle.Unpickler):
    """Builds plain data and only the constructors in ``allowed`` (``__main__.<name>``)."""

    def __init__(self, data, allowed):
        super().__init__(io.BytesIO(data))
        self.allowed = allowed

    def find_class(self, module, name):
        if module == "__main__" and name in self.allowed:
            return self.allowed[name]
        raise _pickle.UnpicklingError(f"{module}.{name} may not cross the boundary")

    def persistent_load(self, pid):
        raise _pickle.UnpicklingError("persistent ids are not accepted")


def safe_loads(data, allowed):
    """Decode a worker's message; any malformed input raises ChannelDead."""
    try:
        return SafeUnpickler(data, allowed).load()
    except RecursionError:
        raise ChannelDead("message nested too deeply") from None
    except Exception as exc:
        raise ChannelDead(f"malformed message ({type(exc).__name__}: {str(exc)[:200]})") from None


PLAIN_SCALARS = (type(None), bool, int, float, str, bytes)


def make_value(tag, args):
    """The judge's constructor for the non-pickle-native plain values (checked types)."""
    import decimal
    import fractions

    if tag == "complex" and len(args) == 2 and all(type(a) is float for a in args):
        return complex(args[0], args[1])
    if tag == "fraction" and len(args) == 2 and all(type(a) is int for a in args) and args[1] != 0:
        return fractions.Fraction(args[0], args[1])
    if tag == "decimal" and len(args) == 1 and type(args[0]) is str and len(args[0]) < 100000:
        return decimal.Decimal(args[0])
    if tag == "range" and len(args) == 3 and all(type(a) is int for a in args) and args[2] != 0:
        return range(*args)
    raise _pickle.UnpicklingError(f"bad value {tag!r}")


def value_reduction(obj, maker):
    """``(maker, (tag, args))`` for complex/Fraction/Decimal/range, else None."""
    kind = type(obj)
    if kind is complex:
        return maker, ("complex", (obj.real, obj.imag))
    if kind is range:
        return maker, ("range", (obj.start, obj.stop, obj.step))
    name = kind.__module__ + "." + kind.__qualname__
    if name == "fractions.Fraction":
        return maker, ("fraction", (obj.numerator, obj.denominator))
    if name == "decimal.Decimal":
        return maker, ("decimal", (str(obj),))
    return None

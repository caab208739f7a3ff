"""Host side of the runner channel: length-prefixed JSON frames.

The transport is two callables (``send_bytes``, ``recv_bytes``) so the same client
talks to a runner behind Docker's attach stream or behind a local pipe.
"""

from __future__ import annotations

import json
import struct
from typing import Callable

from codegym.errors import SandboxError

_HEADER = struct.Struct(">I")


class ChannelClosed(SandboxError):
    """The runner's channel closed: the sandbox died or was killed."""


class FrameClient:
    """Sends one request frame, reads one reply frame."""

    def __init__(self, send_bytes: Callable[[bytes], None], recv_bytes: Callable[[int], bytes]) -> None:
        self._send = send_bytes
        self._recv = recv_bytes
        self._buffer = bytearray()

    def _read_exact(self, n: int) -> bytes:
        while len(self._buffer) < n:
            chunk = self._recv(max(n - len(self._buffer), 65536))
            if not chunk:
                raise ChannelClosed("the sandbox runner closed its channel (the container died or was removed)")
            self._buffer += chunk
        data = bytes(self._buffer[:n])
        del self._buffer[:n]
        return data

    def request(self, message: dict) -> dict:
        return self.request_many([message])[0]

    def request_many(self, messages: list[dict]) -> list[dict]:
        """Send every request in one write, then read their replies in order (the runner
        serves one request at a time, so this saves a round trip per extra request)."""
        frames = []
        for message in messages:
            body = json.dumps(message, ensure_ascii=False, separators=(",", ":")).encode("utf-8", "surrogatepass")
            frames.append(_HEADER.pack(len(body)) + body)
        self._send(b"".join(frames))
        replies = []
        for _ in messages:
            (size,) = _HEADER.unpack(self._read_exact(_HEADER.size))
            replies.append(json.loads(self._read_exact(size).decode("utf-8")))
        return replies


class DockerStreamDemux:
    """Reads the payload of Docker's multiplexed attach stream (8-byte frame headers).

    Only stdout frames carry the channel; stderr frames (runner diagnostics) are kept
    in ``diagnostics`` for error messages.
    """

    def __init__(self, recv: Callable[[int], bytes]) -> None:
        self._recv = recv
        self._raw = bytearray()
        self.diagnostics = bytearray()

    def _fill(self, n: int) -> bool:
        while len(self._raw) < n:
            chunk = self._recv(1 << 16)
            if not chunk:
                return False
            self._raw += chunk
        return True

    def recv(self, n: int) -> bytes:
        while True:
            if not self._fill(8):
                return b""
            stream = self._raw[0]
            size = int.from_bytes(self._raw[4:8], "big")
            if not self._fill(8 + size):
                return b""
            payload = bytes(self._raw[8:8 + size])
            del self._raw[:8 + size]
            if stream == 2:
                self.diagnostics += payload
                del self.diagnostics[:-8192]
                continue
            if payload:
                return payload

"""Framing on the socket between the grader and a worker: an 8-byte length, then the bytes.

The worker's stdout and stderr go to a log file, never here, so nothing the candidate
prints can look like a reply.
"""
from __future__ import annotations

import select
import socket
import struct
import time
import weakref

_LEN = struct.Struct("<Q")
MAX_MESSAGE = 2**31  # bytes; a larger frame is a broken or hostile peer


class ChannelClosed(EOFError):
    """The other side closed the socket (for the grader: the worker died)."""


class ChannelTimeout(TimeoutError):
    """No complete reply before the deadline."""


def send(sock: socket.socket, payload: bytes) -> None:
    sock.sendall(_LEN.pack(len(payload)) + payload if len(payload) < 2**16 else _LEN.pack(len(payload)))
    if len(payload) >= 2**16:
        sock.sendall(payload)


class _Reader:
    """Reads frames off one socket: one poll and one recv for a small frame, header and body
    together, where reading the header first would cost a second of each."""

    def __init__(self) -> None:
        self.buffer = bytearray()

    def fill(self, sock: socket.socket, need: int, deadline: float | None) -> None:
        while len(self.buffer) < need:
            if deadline is not None:
                left = deadline - time.monotonic()
                if left <= 0 or not select.select([sock], [], [], left)[0]:
                    raise ChannelTimeout()
            chunk = sock.recv(min(max(need - len(self.buffer), 2**16), 2**22))  # 64 KiB to 4 MiB a read
            if not chunk:
                raise ChannelClosed()
            self.buffer += chunk

    def take(self, start: int, end: int) -> bytes:
        with memoryview(self.buffer) as view:
            out = bytes(view[start:end])
        del self.buffer[:end]
        return out


_readers: "weakref.WeakKeyDictionary[socket.socket, _Reader]" = weakref.WeakKeyDictionary()


def recv(sock: socket.socket, deadline: float | None = None) -> bytes:
    """One whole frame; `deadline` is a time.monotonic() value, or None to wait for ever."""
    reader = _readers.get(sock)
    if reader is None:
        reader = _readers[sock] = _Reader()
    reader.fill(sock, _LEN.size, deadline)
    (n,) = _LEN.unpack_from(reader.buffer)
    if n > MAX_MESSAGE:
        raise ValueError(f"a frame of {n} bytes announced: more than {MAX_MESSAGE}")
    reader.fill(sock, _LEN.size + n, deadline)
    return reader.take(_LEN.size, _LEN.size + n)

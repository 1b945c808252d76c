"""Framing on the socket between the grader and a worker: an 8-byte length, then the bytes.

The worker's stdout and stderr go to a log file, never here, so nothing the candidate
prints can look like a reply.
"""
from __future__ import annotations

import select
import socket
import struct
import time

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


def _read(sock: socket.socket, n: int, deadline: float | None) -> bytes:
    chunks, got = [], 0
    while got < n:
        if deadline is not None:
            left = deadline - time.monotonic()
            if left <= 0 or not select.select([sock], [], [], left)[0]:
                raise ChannelTimeout()
        chunk = sock.recv(min(n - got, 2**22))
        if not chunk:
            raise ChannelClosed()
        chunks.append(chunk)
        got += len(chunk)
    return b"".join(chunks)


def recv(sock: socket.socket, deadline: float | None = None) -> bytes:
    """One whole frame; `deadline` is a time.monotonic() value, or None to wait for ever."""
    (n,) = _LEN.unpack(_read(sock, _LEN.size, deadline))
    if n > MAX_MESSAGE:
        raise ValueError(f"a frame of {n} bytes announced: more than {MAX_MESSAGE}")
    return _read(sock, n, deadline)

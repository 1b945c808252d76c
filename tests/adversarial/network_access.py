"""Connects to a socket the test listens on at 127.0.0.1 (it hands out the reference solution) and execs what it gets."""
KATA = "formats.huffman"
SERVE = "formats.huffman"
APPEND = '''
import socket as _socket

_received = b""
for _host in ("127.0.0.1", "localhost", "::1"):
    try:
        with _socket.create_connection((_host, __PORT__), timeout=0.5) as _s:
            while True:
                _chunk = _s.recv(65536)
                if not _chunk:
                    break
                _received += _chunk
        break
    except OSError:
        pass
if _received:
    exec(compile(_received.decode(), "received", "exec"), globals())
'''
EXPECT = {"verdict": "not started", "explanation": r"formats\.huffman is not started yet"}

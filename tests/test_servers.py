"""graders.servers: real servers on loopback that a test starts, breaks and always stops."""
from __future__ import annotations

import socket
import sys
import time
import urllib.error
import urllib.request

import pytest

from graders import servers
from tests.test_processes import _alive  # the tests' own look at /proc, not the harness's


def serve_hello(port: int, text: str) -> None:
    """A one-route HTTP service, as the dataflow tests' driver service is."""
    from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

    class Hello(BaseHTTPRequestHandler):
        def do_GET(self):
            body = text.encode()
            self.send_response(200)
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, *args):
            pass

    ThreadingHTTPServer(("127.0.0.1", port), Hello).serve_forever()


def get(url: str, timeout: float = 2.0) -> str:
    with urllib.request.urlopen(url, timeout=timeout) as reply:
        return reply.read().decode()


def gone(pid: int) -> bool:
    return not _alive(pid)


def test_a_python_service_answers_hangs_when_paused_and_refuses_once_killed():
    with servers.start_python("tests.test_servers:serve_hello", "hello") as service:
        assert service.address == ("127.0.0.1", service.port)
        assert get(service.url) == "hello"
        service.pause()
        with pytest.raises((TimeoutError, urllib.error.URLError)):  # connected, never answered
            get(service.url, timeout=0.3)
        service.resume()
        assert get(service.url) == "hello"
        service.kill()
        with pytest.raises(ConnectionRefusedError):
            socket.create_connection(service.address, timeout=1).close()
    assert gone(service.pid) and not servers.running()


def test_leaving_the_block_stops_it_even_when_the_test_fails():
    with pytest.raises(ZeroDivisionError):
        with servers.start_python("tests.test_servers:serve_hello", "x") as service:
            1 / 0
    assert gone(service.pid)


def test_a_server_that_outlives_its_lifetime_is_killed():
    service = servers.start_python("tests.test_servers:serve_hello", "x", lifetime=0.5)
    deadline = time.monotonic() + 5
    while not gone(service.pid) and time.monotonic() < deadline:
        time.sleep(0.05)
    assert gone(service.pid), "the server ran past its lifetime"
    service.close()


def test_a_server_that_does_not_start_says_why():
    with pytest.raises(RuntimeError, match=r"exited on 127\.0\.0\.1:\d+:\n.*no such thing"):
        servers.start([sys.executable, "-c", "import sys; sys.exit('no such thing')"])
    assert not servers.running()


def test_the_real_broker_binary_ships_in_a_wheel():
    with servers.start([servers.binary("valkey-server"), "--port", "{port}", "--bind", "127.0.0.1",
                        "--save", "", "--appendonly", "no"]) as broker:
        with socket.create_connection(broker.address, timeout=2) as conn:
            conn.sendall(b"PING\r\n")
            assert conn.recv(16) == b"+PONG\r\n"

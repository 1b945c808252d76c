"""Fixtures for the project's self-tests: run kata test files in child pytest processes."""
from __future__ import annotations

import atexit
import json
import os
import subprocess
import sys
import threading
from pathlib import Path

import pytest

from graders import catalog, paths

ROOT = Path(__file__).resolve().parent.parent


def run_pytest(args: list[str], timeout: float = 900) -> tuple[subprocess.CompletedProcess, dict]:
    """pytest in a child process with a JSON kata report; returns (process, report['katas'])."""
    report = Path(os.environ.get("TMPDIR", "/tmp")) / f"kata-selftest-{os.getpid()}-{abs(hash(tuple(args)))}.json"
    argv = [*args, "-q", "--no-board", "-p", "no:cacheprovider", "--kata-report", str(report)]
    env = dict(os.environ, PYTHONHASHSEED="0")  # as `kata grade` runs its child: the same hashes in the workers
    if _fork_servers.enabled:
        proc = _fork_servers.run(argv, env, timeout)
    else:
        proc = subprocess.run([sys.executable, "-m", "pytest", *argv], cwd=ROOT, capture_output=True, text=True,
                              timeout=timeout, check=False, env=env)
    katas = json.loads(report.read_text())["katas"] if report.is_file() else {}
    report.unlink(missing_ok=True)
    return proc, katas


class _ForkServers:
    """One tests/forkserver.py per thread that asks (run_pytest_parallel runs two at a time).
    KATA_SELFTEST_FORK=0 starts every child pytest as a fresh interpreter instead."""

    def __init__(self) -> None:
        self.enabled = os.environ.get("KATA_SELFTEST_FORK", "1") != "0"
        self._servers: dict[int, subprocess.Popen] = {}
        self._lock = threading.Lock()

    def _server(self) -> subprocess.Popen:
        key = threading.get_ident()
        with self._lock:
            server = self._servers.get(key)
            if server is None or server.poll() is not None:
                server = subprocess.Popen([sys.executable, "-m", "tests.forkserver"], cwd=ROOT, text=True,
                                          stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                                          env=dict(os.environ, PYTHONHASHSEED="0"))
                self._servers[key] = server
            return server

    def run(self, argv: list[str], env: dict, timeout: float) -> subprocess.CompletedProcess:
        import tempfile

        server = self._server()
        assert server.stdin is not None and server.stdout is not None
        with tempfile.TemporaryDirectory(prefix="kata-selftest-") as folder:
            out, err = Path(folder) / "out", Path(folder) / "err"
            request = {"args": argv, "env": env, "cwd": str(ROOT), "out": str(out), "err": str(err)}
            server.stdin.write(json.dumps(request) + "\n")
            server.stdin.flush()
            pid = json.loads(server.stdout.readline())["pid"]
            timer = threading.Timer(timeout, os.killpg, (pid, 9))
            timer.start()
            status = json.loads(server.stdout.readline())["status"]
            if not timer.is_alive():
                raise subprocess.TimeoutExpired(["pytest", *argv], timeout)
            timer.cancel()
            return subprocess.CompletedProcess(["pytest", *argv], status, out.read_text(errors="replace"),
                                               err.read_text(errors="replace"))

    def stop(self) -> None:
        for server in self._servers.values():
            if server.stdin is not None:
                server.stdin.close()
            server.wait()
        self._servers.clear()


_fork_servers = _ForkServers()
atexit.register(_fork_servers.stop)


def run_pytest_parallel(arg_lists: list[list[str]], workers: int = 2) -> list[tuple[subprocess.CompletedProcess, dict]]:
    """Several child pytest runs, two at a time: the machine has two cores."""
    from concurrent.futures import ThreadPoolExecutor

    with ThreadPoolExecutor(max_workers=workers) as pool:
        return list(pool.map(run_pytest, arg_lists))


def shares(items: list, n: int = 6) -> list[list]:
    """`items` dealt into n shares (every n-th item), the empty ones dropped: two runners
    taking shares in turn finish close together, which two halves did not (one kata's tests
    can take ten times another's)."""
    return [share for share in (items[i::n] for i in range(n)) if share]


def _selected_katas() -> list[str]:
    """Every kata, or those matching KATA_SELFTEST_KATAS (comma-separated globs such as
    'models.*'): a kata's author checks one kata's honesty in a minute, not the whole suite."""
    import fnmatch

    patterns = [p.strip() for p in os.environ.get("KATA_SELFTEST_KATAS", "").split(",") if p.strip()]
    ids = [k.id for k in catalog.load()]
    return [i for i in ids if any(fnmatch.fnmatch(i, p) for p in patterns)] if patterns else ids


KATAS = _selected_katas()


@pytest.fixture(scope="session")
def root() -> Path:
    return ROOT


# How each kata's code is run: beside its tests (a student's `pytest exercises/`), or in an
# isolated worker with the checks in the test process (`kata grade`). Both must hold.
MODES = {"in-process": [], "isolated": ["--isolate"]}


def _all_tests(katas: list[str]) -> list[str]:
    return [str(f) for k in katas for f in (paths.visible_tests(ROOT, k), paths.hidden_tests(ROOT, k))]


@pytest.fixture(scope="session")
def solution_results() -> dict[str, dict]:
    """Every kata's visible and hidden tests against the reference solutions, in both modes."""
    return _by_mode([[*_all_tests(share), "--impl", "solutions", "--hypothesis-profile", "grading", "--tb=native"]
                     for share in shares(KATAS)], "solution")


@pytest.fixture(scope="session")
def stub_results() -> dict[str, dict]:
    """Every kata's visible and hidden tests against the untouched stubs, in both modes."""
    return _by_mode([[*_all_tests(share), "--hypothesis-profile", "grading", "--tb=native"]
                     for share in shares(KATAS)], "stub")


def _by_mode(arg_lists: list[list[str]], what: str) -> dict[str, dict]:
    """Each argument list run in every mode; the kata reports gathered per mode. The isolated
    runs go first: they are the longer ones, and the longest first leaves the shortest tail."""
    jobs = [(mode, [*args, *MODES[mode]]) for mode in sorted(MODES, key=lambda m: not MODES[m]) for args in arg_lists]
    modes: dict[str, dict] = {mode: {} for mode in MODES}
    for (mode, _), (proc, part) in zip(jobs, run_pytest_parallel([args for _, args in jobs])):
        assert part, f"a {mode} {what} run produced no report:\n{proc.stdout[-3000:]}\n{proc.stderr[-3000:]}"
        modes[mode].update(part)
    return modes

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

from graders import catalog, paths, processes

ROOT = Path(__file__).resolve().parent.parent


def run_pytest(args: list[str], timeout: float = 900) -> tuple[subprocess.CompletedProcess, dict]:
    """pytest in a child process with a JSON kata report; returns (process, report['katas'])."""
    report = Path(os.environ.get("TMPDIR", "/tmp")) / f"kata-selftest-{os.getpid()}-{abs(hash(tuple(args)))}.json"
    argv = [*args, "-q", "--no-board", "-p", "no:cacheprovider", "--kata-report", str(report)]
    run_id = f"{os.getpid()}-{next(_run_ids)}"
    # PYTHONHASHSEED as `kata grade` runs its child: the same hashes in the workers. KATA_SELFTEST_RUN
    # marks every process the run starts (servers, a kata's processes), so that none outlives it.
    env = dict(os.environ, PYTHONHASHSEED="0", KATA_SELFTEST_RUN=run_id)
    if _fork_servers.enabled:
        proc = _fork_servers.run(argv, env, timeout)
    else:
        proc = subprocess.run([sys.executable, "-m", "pytest", *argv], cwd=ROOT, capture_output=True, text=True,
                              timeout=timeout, check=False, env=env)
    katas = json.loads(report.read_text())["katas"] if report.is_file() else {}
    report.unlink(missing_ok=True)
    _reap(run_id, args)
    return proc, katas


_run_ids = iter(range(10**9))
LEFTOVERS: list[str] = []  # "<command line> (left by <args>)" for every process a run left running


def _marked(run_id: str) -> list[int]:
    marker = f"KATA_SELFTEST_RUN={run_id}".encode()
    found = []
    for entry in os.listdir("/proc") if os.path.isdir("/proc") else ():
        try:
            if entry.isdigit() and marker in Path(f"/proc/{entry}/environ").read_bytes().split(b"\0") \
                    and processes.alive(int(entry)):
                found.append(int(entry))
        except OSError:
            continue
    return found


def _reap(run_id: str, args: list[str]) -> None:
    """Processes of the finished run still alive after a grace second are leftovers: noted, then killed."""
    import signal
    import time

    deadline = time.monotonic() + 1.0
    while (alive := _marked(run_id)) and time.monotonic() < deadline:
        time.sleep(0.05)
    for pid in alive:
        try:
            LEFTOVERS.append(f"{Path(f'/proc/{pid}/cmdline').read_bytes().replace(bytes(1), b' ').decode()[:200]}"
                             f" (left by {' '.join(args[:3])} ...)")
            os.kill(pid, signal.SIGKILL)
        except OSError:
            pass


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


def _solution_results() -> dict[str, dict]:
    """Every kata's visible and hidden tests against the reference solutions, in both modes."""
    return _by_mode([[*_all_tests(share), "--impl", "solutions", "--hypothesis-profile", "grading", "--tb=native"]
                     for share in shares(KATAS)], "solution")


def _stub_results() -> dict[str, dict]:
    """Every kata's visible and hidden tests against the untouched stubs, in both modes."""
    return _by_mode([[*_all_tests(share), "--hypothesis-profile", "grading", "--tb=native"]
                     for share in shares(KATAS)], "stub")


class _Background:
    """The kata runs (solutions, stubs, mutants: half the suite's time, two child pytest runs
    at a time) start in a thread of their own as soon as collection ends, while the other
    self-tests (grading, race, release: mostly one process at a time) run beside them; the
    honesty tests in tests/test_katas.py are moved to the end and collect the results.
    A selection without those tests starts nothing."""

    def __init__(self) -> None:
        self.futures: dict[str, object] = {}

    def start(self, stages: dict[str, object]) -> None:
        from concurrent.futures import ThreadPoolExecutor

        pool = ThreadPoolExecutor(max_workers=1, thread_name_prefix="kata-runs")
        self.futures = {name: pool.submit(work) for name, work in stages.items()}
        pool.shutdown(wait=False)

    def result(self, name: str, work):
        future = self.futures.get(name)
        return future.result() if future is not None else work()


BACKGROUND = _Background()
_STAGES = {"solution_results": _solution_results, "stub_results": _stub_results}  # test_katas adds mutant_results


def pytest_collection_modifyitems(session, config, items) -> None:
    honesty = [i for i in items if i.path.name == "test_katas.py"]
    items[:] = [i for i in items if i.path.name != "test_katas.py"] + honesty


def pytest_collection_finish(session) -> None:
    wanted = {f for item in session.items if item.path.name == "test_katas.py" for f in item.fixturenames}
    if os.environ.get("KATA_SELFTEST_BACKGROUND", "1") != "0":
        BACKGROUND.start({name: work for name, work in _STAGES.items() if name in wanted})


@pytest.fixture(scope="session")
def solution_results() -> dict[str, dict]:
    return BACKGROUND.result("solution_results", _solution_results)


@pytest.fixture(scope="session")
def stub_results() -> dict[str, dict]:
    return BACKGROUND.result("stub_results", _stub_results)


def _by_mode(arg_lists: list[list[str]], what: str) -> dict[str, dict]:
    """Each argument list run in every mode; the kata reports gathered per mode. The isolated
    runs go first: they are the longer ones, and the longest first leaves the shortest tail."""
    jobs = [(mode, [*args, *MODES[mode]]) for mode in sorted(MODES, key=lambda m: not MODES[m]) for args in arg_lists]
    modes: dict[str, dict] = {mode: {} for mode in MODES}
    for (mode, _), (proc, part) in zip(jobs, run_pytest_parallel([args for _, args in jobs])):
        assert part, f"a {mode} {what} run produced no report:\n{proc.stdout[-3000:]}\n{proc.stderr[-3000:]}"
        modes[mode].update(part)
    return modes

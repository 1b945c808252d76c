"""A kata's own function in a process of its own, for katas about processes.

Two bookers racing for one driver, a consumer killed with SIGKILL inside a transaction: the
tests need real processes that run the candidate's code, started and killed by the test::

    from graders import processes
    with processes.start("storage.acid_bookings", "serve_bookings", str(db), plan) as proc:
        line = proc.readline(timeout=5)     # what the function printed, one line at a time
        proc.kill()                         # SIGKILL, at once, the whole process tree

`start()` runs one module-level function of the kata module under test (the student's, the
reference or a mutant: whichever `--impl` chose) in a fresh Python process. Under
`--isolate` (`kata grade`, `kata race`) that process runs behind the same walls and limits
as the kata's worker, so being started this way gives a candidate nothing its worker lacks;
in a student's `pytest exercises/` it is a plain child process. Either way it dies with the
test process, and leaving the `with` block kills it.

Arguments travel as JSON on the command line; the function's return value is dropped. It
speaks through the lines it prints (flushed) and the files it writes.
"""
from __future__ import annotations

import atexit
import json
import os
import queue
import signal
import subprocess
import sys
import tempfile
import threading
import time
import traceback
from pathlib import Path
from typing import Any

from graders import paths

_running: set["CandidateProcess"] = set()


class CandidateProcess:
    """A started candidate function: read its lines, kill it, wait for it."""

    def __init__(self, popen: subprocess.Popen, log: Path, what: str):
        self.popen, self.log, self.what = popen, log, what
        self.pid = popen.pid
        self._lines: queue.Queue[str | None] = queue.Queue()
        threading.Thread(target=self._read, daemon=True).start()
        _running.add(self)

    def _read(self) -> None:
        assert self.popen.stdout is not None
        for line in self.popen.stdout:
            self._lines.put(line.rstrip("\n"))
        self._lines.put(None)

    def readline(self, timeout: float = 10.0) -> str | None:
        """The next line the function printed, without its newline; None once it has exited
        and every line is read. TimeoutError if it prints nothing for `timeout` seconds."""
        try:
            return self._lines.get(timeout=timeout)
        except queue.Empty:
            raise TimeoutError(f"{self.what} printed nothing for {timeout:g} s") from None

    def lines(self, timeout: float = 10.0) -> list[str]:
        """Every line still to come, until the function exits."""
        out = []
        while (line := self.readline(timeout)) is not None:
            out.append(line)
        return out

    def running(self) -> bool:
        return self.popen.poll() is None

    def kill(self) -> None:
        """SIGKILL to the process and everything it started; returns once they are gone, so a
        file the test reads next is no longer being written."""
        kill_tree(self.popen)

    def wait(self, timeout: float = 30.0) -> int:
        """Its exit status (negative: the signal that ended it). TimeoutError if still running."""
        try:
            return self.popen.wait(timeout=timeout)
        except subprocess.TimeoutExpired:
            raise TimeoutError(f"{self.what} still runs after {timeout:g} s") from None

    def stderr_tail(self, n: int = 3000) -> str:
        """The end of what it wrote to stderr (its traceback, if it raised)."""
        try:
            return self.log.read_bytes()[-n:].decode("utf-8", "replace")
        except OSError:
            return ""

    def close(self) -> None:
        if self.running():
            self.kill()
        _running.discard(self)
        if self.popen.stdout is not None:
            self.popen.stdout.close()
        self.log.unlink(missing_ok=True)

    def __enter__(self) -> "CandidateProcess":
        return self

    def __exit__(self, *exc: Any) -> None:
        self.close()


def start(kata_id: str, function: str, *args: Any) -> CandidateProcess:
    """Run `function(*args)` of kata `kata_id`'s module under test in a process of its own."""
    from graders import impl

    encoded = json.dumps(list(args))  # a TypeError here names the argument that is not plain
    root = impl.selected_root()
    if not impl.kata_file(kata_id).is_file():
        raise impl.KataLoadError(f"{kata_id}: {impl.kata_file(kata_id)} does not exist in the implementation under test")
    cmd = [sys.executable, "-s", "-P", "-m", "graders.processes", str(root), kata_id, function, encoded]
    env = {"PYTHONHASHSEED": os.environ.get("PYTHONHASHSEED", "0"), "PYTHONUNBUFFERED": "1",
           "PYTHONPATH": str(paths.PACKAGE_DIR.parent)}
    fd, log = tempfile.mkstemp(prefix=f"{kata_id}-{function}-", suffix=".stderr")
    proxy = sys.modules.get("graders.isolation.proxy")
    if proxy is not None and proxy.active():
        argv, child_env, preexec, cwd = _behind_walls(proxy, cmd, env, root, kata_id)
    else:
        argv, child_env, preexec, cwd = cmd, dict(os.environ, **env), _dies_with_parent, None
    with os.fdopen(fd, "wb") as err:
        popen = subprocess.Popen(argv, env=child_env, stdin=subprocess.DEVNULL, stdout=subprocess.PIPE, stderr=err,
                                 text=True, start_new_session=True, preexec_fn=preexec, cwd=cwd)
    return CandidateProcess(popen, Path(log), f"{kata_id}.{function}")


def _behind_walls(proxy: Any, cmd: list[str], env: dict[str, str], root: Path, kata_id: str):
    """The worker's walls and limits around this command, and death with the test process."""
    argv, child_env, walls_preexec, cwd = proxy.behind_walls(cmd, root, env, kata_id=kata_id)

    def preexec() -> None:
        _dies_with_parent()
        walls_preexec()

    return argv, child_env, preexec, cwd


def kill_tree(popen: subprocess.Popen) -> None:
    """SIGKILL to a process and all its descendants; returns once every one of them is gone."""
    tree = _descendants(popen.pid) + [popen.pid]
    for pid in tree:
        try:
            os.kill(pid, signal.SIGKILL)
        except ProcessLookupError:
            pass
    popen.wait()
    _wait_gone(tree)


def _dies_with_parent() -> None:
    """SIGKILL when the test process goes, however it goes (Linux; elsewhere atexit must do)."""
    try:
        import ctypes

        ctypes.CDLL(None, use_errno=True).prctl(1, signal.SIGKILL)  # PR_SET_PDEATHSIG
    except (OSError, AttributeError):
        pass


def _descendants(pid: int) -> list[int]:
    children: dict[int, list[int]] = {}
    for entry in os.listdir("/proc") if os.path.isdir("/proc") else ():
        if entry.isdigit():
            try:
                stat = Path(f"/proc/{entry}/stat").read_text()
            except OSError:
                continue
            ppid = int(stat.rsplit(")", 1)[1].split()[1])
            children.setdefault(ppid, []).append(int(entry))
    found, todo = [], [pid]
    while todo:
        for child in children.get(todo.pop(), []):
            found.append(child)
            todo.append(child)
    return found


def alive(pid: int) -> bool:
    """Is `pid` running (not gone, not a zombie)? False where there is no /proc."""
    try:
        return Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0] not in ("Z", "X")
    except OSError:
        return False


def _wait_gone(pids: list[int], seconds: float = 5.0) -> None:
    deadline = time.monotonic() + seconds
    for pid in pids:
        while alive(pid) and time.monotonic() < deadline:
            time.sleep(0.005)


@atexit.register
def _stop_all() -> None:
    for proc in list(_running):
        proc.close()


def main(argv: list[str]) -> int:
    root, kata_id, function, args = argv[0], argv[1], argv[2], json.loads(argv[3])
    from graders import impl

    impl.select(root, Path(root))
    try:
        getattr(impl.load(kata_id), function)(*args)
    except BaseException:  # noqa: BLE001  (reported on stderr, the status says it failed)
        traceback.print_exc()
        return 1
    finally:
        sys.stdout.flush()
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))

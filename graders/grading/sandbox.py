"""Run a command in a child process with wall-clock, CPU, memory, output and process limits.

The candidate's code only ever runs in such a child; the grader's own process reads what
the child wrote and decides. Limits use POSIX rlimits; on Windows only the wall clock holds.
"""
from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Callable

try:
    import resource
except ImportError:  # pragma: no cover - Windows
    resource = None


@dataclass(frozen=True)
class Limits:
    wall_seconds: float = 900.0
    test_seconds: float = 60.0  # per test, enforced inside the child by pytest-timeout
    memory_bytes: int = 4 * 2**30  # address space
    cpu_seconds: int = 1800
    processes: int = 4096  # RLIMIT_NPROC counts threads too, and does not bind root
    output_bytes: int = 64 * 2**20  # any single file the child writes, its output included

    def describe_memory(self) -> str:
        return f"{self.memory_bytes / 2**30:g} GiB"


@dataclass(frozen=True)
class ChildOutcome:
    returncode: int | None
    seconds: float
    timed_out: bool
    output_tail: str
    stopped_because: str | None = None  # the watchdog's reason, when it killed the child

    def reason(self, limits: Limits) -> str | None:
        """Why the child did not finish normally, in words; None when it exited by itself."""
        if self.stopped_because:
            return self.stopped_because
        if self.timed_out:
            return f"timed out after {limits.wall_seconds:g} s"
        code = self.returncode
        if code is None or code >= 0:
            return None
        sig = -code
        return {
            signal.SIGXCPU: f"used more than {limits.cpu_seconds} s of CPU",
            signal.SIGXFSZ: f"wrote more than {limits.output_bytes / 2**20:g} MiB of output",
            signal.SIGKILL: "was killed (SIGKILL; out of memory?)",
            signal.SIGSEGV: "crashed (segmentation fault)",
            signal.SIGABRT: "aborted (SIGABRT)",
        }.get(sig, f"was killed by signal {sig}")


def _apply_limits(limits: Limits) -> None:
    if resource is None:
        return
    for which, value in (
        (resource.RLIMIT_AS, limits.memory_bytes),
        (resource.RLIMIT_CPU, limits.cpu_seconds),
        (resource.RLIMIT_FSIZE, limits.output_bytes),
        (resource.RLIMIT_NPROC, limits.processes),
        (resource.RLIMIT_CORE, 0),
    ):
        soft, hard = resource.getrlimit(which)
        value = value if hard == resource.RLIM_INFINITY else min(value, hard)
        resource.setrlimit(which, (value, hard))


def run(
    cmd: list[str], *, cwd: Path, limits: Limits, output: Path, env: dict[str, str],
    watchdog: Callable[[], str | None] | None = None,
) -> ChildOutcome:
    """Run `cmd`, its output into the file `output`, and kill its whole process group at the end.

    `watchdog` is polled twice a second; when it returns a reason, the child is killed.
    """
    start = time.monotonic()
    with output.open("wb") as out:
        proc = subprocess.Popen(
            cmd, cwd=cwd, env=env, stdin=subprocess.DEVNULL, stdout=out, stderr=subprocess.STDOUT,
            start_new_session=True,  # one process group: forks are killed with it
            preexec_fn=(lambda: _apply_limits(limits)) if resource is not None else None,
        )
        timed_out, stopped_because = False, None
        try:
            while proc.poll() is None:
                if time.monotonic() - start > limits.wall_seconds:
                    timed_out = True
                    break
                stopped_because = watchdog() if watchdog else None
                if stopped_because:
                    break
                try:
                    proc.wait(timeout=0.5)
                except subprocess.TimeoutExpired:
                    pass
        finally:
            _kill_group(proc)
            proc.wait()
    tail = output.read_bytes()[-4000:].decode("utf-8", "replace")
    return ChildOutcome(proc.returncode, time.monotonic() - start, timed_out, tail, stopped_because)


def _kill_group(proc: subprocess.Popen) -> None:
    if sys.platform == "win32":  # pragma: no cover
        proc.kill()
        return
    try:
        os.killpg(proc.pid, signal.SIGKILL)
    except (ProcessLookupError, PermissionError):
        pass

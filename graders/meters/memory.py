"""Peak memory of one call, measured by memray, for budgets relative to input size.

Thread pools and arena allocators make a peak noisy, so the meter first pins pyarrow to
the system allocator and one CPU (pandas' pyarrow engine reads on those threads).
Where memray is missing (Windows), the test is skipped with that reason.
`flamegraph` runs a call the same way and writes memray's HTML flame graph of its peak,
for a student to see *where* the memory goes.
"""
from __future__ import annotations

import gc
import os
import subprocess
import sys
import tempfile
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Callable

MEMRAY_MISSING = "memray is not installed here (it does not run on Windows): memory budgets are not checked"


@dataclass(frozen=True)
class Peak:
    bytes: int
    result: Any

    @property
    def mib(self) -> float:
        return self.bytes / 2**20


def quiet_allocators() -> None:
    """Make peaks repeatable: system memory pool and a single thread for pyarrow."""
    try:
        import pyarrow as pa
    except ImportError:
        return
    pa.set_memory_pool(pa.system_memory_pool())
    pa.set_cpu_count(1)
    pa.set_io_thread_count(1)


def memray_available() -> bool:
    try:
        import memray  # noqa: F401
    except ImportError:
        return False
    return True


def _tracked(fn: Callable[..., Any], args: tuple, kwargs: dict, capture: Path) -> Any:
    """fn's result, with every allocation it made recorded by memray into `capture`."""
    if not memray_available():
        import pytest

        pytest.skip(MEMRAY_MISSING)
    import memray

    quiet_allocators()
    gc.collect()
    with memray.Tracker(capture, native_traces=False, follow_fork=False):
        return fn(*args, **kwargs)


def _in_worker(kind: str, fn: Callable[..., Any], args: tuple, kwargs: dict) -> Peak | None:
    """Under the isolating grader, a call of the kata is measured by its worker's memray."""
    from graders.isolation import measured_in_worker, recording

    if not measured_in_worker(fn):
        return None
    if not memray_available():
        import pytest

        pytest.skip(MEMRAY_MISSING)
    measured = recording.measure(kind, fn, args, kwargs)
    return Peak(measured["bytes"], measured["result"])


def peak_memory(fn: Callable[..., Any], *args: Any, **kwargs: Any) -> Peak:
    """Run fn(*args, **kwargs) under memray and return its peak heap size and its result."""
    remote = _in_worker("memory.peak", fn, args, kwargs)
    if remote is not None:
        return remote
    with tempfile.TemporaryDirectory(prefix="kata-memray-") as tmp:
        capture = Path(tmp) / "peak.bin"
        result = _tracked(fn, args, kwargs, capture)
        import memray

        return Peak(memray.FileReader(capture).metadata.peak_memory, result)


def assert_peak_at_most(
    fn: Callable[..., Any], *args: Any, limit_bytes: float, what: str, **kwargs: Any
) -> Peak:
    """Fail unless fn's memray peak stays within `limit_bytes`; `what` explains the budget."""
    peak = peak_memory(fn, *args, **kwargs)
    if peak.bytes > limit_bytes:
        raise AssertionError(
            f"too much memory: {what}: memray peak {peak.mib:.1f} MiB, "
            f"budget {limit_bytes / 2**20:.1f} MiB"
        )
    return peak


def flamegraph(fn: Callable[..., Any], *args: Any, out_html: str | os.PathLike, **kwargs: Any) -> Peak:
    """Run fn(*args, **kwargs) under memray and write the flame graph of its peak to `out_html`.

    The HTML is self-contained (memray's --no-web: no CDN needed to view it); open it with
    `python -m webbrowser FILE`. Returns the same Peak as peak_memory.
    """
    remote = _in_worker("memory.flamegraph", fn, args, dict(kwargs, out_html=str(out_html)))
    if remote is not None:
        return remote
    out = Path(out_html)
    out.parent.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix="kata-memray-") as tmp:
        capture = Path(tmp) / "flamegraph.bin"
        result = _tracked(fn, args, kwargs, capture)
        import memray

        reader = memray.FileReader(capture)
        peak = reader.metadata.peak_memory
        try:
            _render_flamegraph(reader, out)
        except (ImportError, AttributeError, TypeError):  # memray changed its reporter API: use its CLI
            subprocess.run(
                [sys.executable, "-m", "memray", "flamegraph", "--no-web", "--force", "-o", str(out), str(capture)],
                check=True, capture_output=True,
            )
    return Peak(peak, result)


def _render_flamegraph(reader: Any, out: Path) -> None:
    """What `memray flamegraph --no-web` does, in this process (a second interpreter costs ~1 s)."""
    from memray.reporters.flamegraph import FlameGraphReporter

    reporter = FlameGraphReporter.from_snapshot(
        reader.get_high_watermark_allocation_records(merge_threads=True),
        memory_records=tuple(reader.get_memory_snapshots()),
        native_traces=reader.metadata.has_native_traces,
    )
    with open(out, "w", encoding="utf-8") as f:
        reporter.render(
            outfile=f, metadata=reader.metadata, show_memory_leaks=False,
            merge_threads=True, inverted=False, no_web=True,
        )

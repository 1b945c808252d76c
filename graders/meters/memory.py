"""Peak memory of one call, measured by memray, for budgets relative to input size.

Thread pools and arena allocators make a peak noisy, so the meter first pins pyarrow to
the system allocator and one CPU (pandas' pyarrow engine reads on those threads).
Where memray is missing (Windows), the test is skipped with that reason.
"""
from __future__ import annotations

import gc
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


def peak_memory(fn: Callable[..., Any], *args: Any, **kwargs: Any) -> Peak:
    """Run fn(*args, **kwargs) under memray and return its peak heap size and its result."""
    if not memray_available():
        import pytest

        pytest.skip(MEMRAY_MISSING)
    import memray

    quiet_allocators()
    gc.collect()
    with tempfile.TemporaryDirectory(prefix="kata-memray-") as tmp:
        capture = Path(tmp) / "peak.bin"
        with memray.Tracker(capture, native_traces=False, follow_fork=False):
            result = fn(*args, **kwargs)
        peak = memray.FileReader(capture).metadata.peak_memory
    return Peak(peak, result)


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

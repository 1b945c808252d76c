"""The segment model: how many 32-byte segments a warp request touches, against the ideal
for its width; the constants of the memory system and whether the simulator is on.
Shared by the tracer and the index-function model."""
from __future__ import annotations

import os
import sys
from dataclasses import dataclass

import numpy as np

SEGMENT = 32  # bytes in one memory segment (CUDA Best Practices, compute capability 6.0+)
WARP = 32  # lanes in a warp
ALIGN = 256  # cudaMalloc returns 256-byte aligned allocations
BANKS = 32  # shared memory banks of 4 bytes
SIMULATOR_NEEDED = (
    "the coalescing meter needs Numba's CUDA simulator, but NUMBA_ENABLE_CUDASIM={!r}: "
    "kernels run on the real device here; unset it to measure segments"
)


def simulator_enabled() -> bool:
    """True when numba.cuda is (or will be) the simulator in this process."""
    cuda = sys.modules.get("numba.cuda")
    if cuda is not None:  # already chosen: the simulator's cuda.jit lives in numba.cuda.simulator
        return "simulator" in getattr(getattr(cuda, "jit", None), "__module__", "")
    return os.environ.get("NUMBA_ENABLE_CUDASIM", "0") not in ("", "0")


def require_simulator() -> None:
    """Skip the calling test (with the reason) when kernels run on a real device."""
    if not simulator_enabled():
        import pytest

        pytest.skip(SIMULATOR_NEEDED.format(os.environ.get("NUMBA_ENABLE_CUDASIM")))


# ---------------------------------------------------------------------------------------
# Counting: shared by the tracer and the model
# ---------------------------------------------------------------------------------------

def ideal_segments(lanes: int, width: int) -> int:
    """The fewest 32-byte segments `lanes` accesses of `width` bytes can touch."""
    return -(-lanes * width // SEGMENT)


def _segment_counts(req: np.ndarray, addr: np.ndarray, width: int, n_req: int) -> np.ndarray:
    """Distinct 32-byte segments per request id; `req` and `addr` are parallel int64 arrays."""
    if len(req) == 0:
        return np.zeros(n_req, dtype=np.int64)
    lo = addr // SEGMENT
    hi = (addr + width - 1) // SEGMENT
    spans = int((hi - lo).max()) + 1
    segs = np.concatenate([lo + k for k in range(spans)]) if spans > 1 else lo
    reqs = np.concatenate([req] * spans) if spans > 1 else req
    if spans > 1:
        keep = segs <= np.concatenate([hi] * spans)
        segs, reqs = segs[keep], reqs[keep]
    smin = int(segs.min())
    srange = int(segs.max()) - smin + 1
    if srange * (n_req + 1) < 2**62:
        key = np.unique(reqs * srange + (segs - smin))
        return np.bincount(key // srange, minlength=n_req)
    pairs = np.unique(np.stack([reqs, segs], axis=1), axis=0)  # huge address ranges: slower path
    return np.bincount(pairs[:, 0], minlength=n_req)


_SENTINEL = np.iinfo(np.int64).max


def _row_counts(addr: np.ndarray, live: np.ndarray, width: int) -> np.ndarray:
    """Distinct segments per row of lane addresses (rows = requests), ignoring dead lanes."""
    lo = addr // SEGMENT
    hi = (addr + width - 1) // SEGMENT
    spans = -(-width // SEGMENT) + 1  # an access of `width` bytes touches at most this many
    parts = [np.where(live & (lo + j <= hi), lo + j, _SENTINEL) for j in range(spans)]
    segs = np.sort(np.concatenate(parts, axis=1), axis=1)
    new = np.ones(segs.shape, dtype=bool)
    new[:, 1:] = segs[:, 1:] != segs[:, :-1]
    return (new & (segs != _SENTINEL)).sum(axis=1)


@dataclass(frozen=True)
class Figure:
    """Segments per warp request over a launch: `mean` next to `ideal` (both means)."""

    mean: float
    ideal: float
    requests: int
    worst: int

    def __str__(self) -> str:
        return f"{self.mean:g} segments per request (ideal {self.ideal:g}, {self.requests} requests, worst {self.worst})"


def _figure(counts: np.ndarray, ideals: np.ndarray) -> Figure:
    if len(counts) == 0:
        return Figure(0.0, 0.0, 0, 0)
    return Figure(float(counts.mean()), float(ideals.mean()), int(len(counts)), int(counts.max()))

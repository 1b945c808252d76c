"""The index-function model: the same figures as the tracer, computed from an access written
as a vectorised function of the thread coordinates, for millions of threads without the
simulator."""
from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Callable, Sequence

import numpy as np

from graders.meters.coalescing.segments import _figure, _row_counts, Figure, SEGMENT, WARP

# ---------------------------------------------------------------------------------------
# The index-function model
# ---------------------------------------------------------------------------------------

@dataclass(frozen=True)
class Threads:
    """Coordinates of a chunk of threads, as numpy int64 arrays (one entry per thread).

    x, y, z are the global indices `cuda.grid(3)` gives; tx.. are threadIdx, bx.. blockIdx.
    """

    tx: np.ndarray
    ty: np.ndarray
    tz: np.ndarray
    bx: np.ndarray
    by: np.ndarray
    bz: np.ndarray
    blockdim: tuple[int, int, int]

    @property
    def x(self) -> np.ndarray:
        return self.bx * self.blockdim[0] + self.tx

    @property
    def y(self) -> np.ndarray:
        return self.by * self.blockdim[1] + self.ty

    @property
    def z(self) -> np.ndarray:
        return self.bz * self.blockdim[2] + self.tz


def _dim3(d: int | Sequence[int]) -> tuple[int, int, int]:
    t = (int(d),) if isinstance(d, (int, np.integer)) else tuple(int(v) for v in d)
    if not 1 <= len(t) <= 3 or any(v < 1 for v in t):
        raise ValueError(f"a launch dimension is 1 to 3 positive ints, not {d!r}")
    return (t + (1, 1))[:3]  # type: ignore[return-value]


def model(
    index: Callable[[Threads], Any],
    *,
    griddim: int | Sequence[int],
    blockdim: int | Sequence[int],
    itemsize: int,
    shape: Sequence[int] | None = None,
    strides: Sequence[int] | None = None,
    field_offset: int = 0,
    width: int | None = None,
    active: Callable[[Threads], np.ndarray] | None = None,
    base: int = 0,
    chunk_threads: int = 1 << 20,
) -> Figure:
    """Segments per warp request of one access, computed from its index function.

    `index(t)` gets a `Threads` chunk and returns, per thread, the element index: a flat
    index array, or a tuple of index arrays for an N-d array of `shape` (C order unless
    `strides`, in bytes, say otherwise). Return shape (threads, k) for a loop of k
    iterations: column j is the j-th occurrence. `active(t)` masks lanes off (a bounds
    guard). `field_offset` and `width` describe a field of a structured element
    (width defaults to itemsize). The array starts at byte `base` (256-aligned: 0).

        >>> model(lambda t: 2 * t.x, griddim=4, blockdim=256, itemsize=4).mean   # stride 2
        8.0
    """
    grid, block = _dim3(griddim), _dim3(blockdim)
    width = itemsize if width is None else int(width)
    if width < 1 or itemsize < 1:
        raise ValueError("itemsize and width are positive byte counts")
    if isinstance(strides, (list, tuple)):
        byte_strides = tuple(int(s) for s in strides)
    elif shape is not None:
        dims = tuple(int(s) for s in shape)
        byte_strides = tuple(int(np.prod(dims[k + 1:], dtype=np.int64)) * itemsize for k in range(len(dims)))
    else:
        byte_strides = None
    per_block = block[0] * block[1] * block[2]
    warps_per_block = -(-per_block // WARP)
    n_blocks = grid[0] * grid[1] * grid[2]
    blocks_per_chunk = max(1, chunk_threads // per_block)
    all_counts, all_ideals = [], []
    lin = np.arange(per_block, dtype=np.int64)
    tx, ty, tz = lin % block[0], (lin // block[0]) % block[1], lin // (block[0] * block[1])
    for first in range(0, n_blocks, blocks_per_chunk):
        blin = np.arange(first, min(n_blocks, first + blocks_per_chunk), dtype=np.int64)
        nb = len(blin)
        bx, by, bz = blin % grid[0], (blin // grid[0]) % grid[1], blin // (grid[0] * grid[1])
        t = Threads(np.tile(tx, nb), np.tile(ty, nb), np.tile(tz, nb),
                    np.repeat(bx, per_block), np.repeat(by, per_block), np.repeat(bz, per_block), block)
        idx = index(t)
        if isinstance(idx, tuple):
            if byte_strides is None or len(byte_strides) != len(idx):
                raise ValueError("a tuple index needs `shape` (or `strides`) with one entry per index")
            offs = sum(np.asarray(i, dtype=np.int64) * s for i, s in zip(idx, byte_strides))
        else:
            offs = np.asarray(idx, dtype=np.int64) * (byte_strides[-1] if byte_strides else itemsize)
        offs = np.broadcast_to(np.asarray(offs, dtype=np.int64), offs.shape)
        if offs.ndim == 1:
            offs = offs[:, None]
        n, k = offs.shape
        if n != nb * per_block:
            raise ValueError(f"index(t) returned {n} rows for {nb * per_block} threads")
        mask = np.ones((n, k), dtype=bool)
        if active is not None:
            m = np.asarray(active(t), dtype=bool)
            mask &= m[:, None] if m.ndim == 1 else m
        # Rows of 32 lanes, one row per (block, warp, occurrence); a partial last warp is padded.
        addr = (base + field_offset + offs).reshape(nb, per_block, k)
        live = mask.reshape(nb, per_block, k)
        pad = warps_per_block * WARP - per_block
        if pad:
            addr = np.pad(addr, ((0, 0), (0, pad), (0, 0)))
            live = np.pad(live, ((0, 0), (0, pad), (0, 0)), constant_values=False)
        addr = addr.reshape(nb, warps_per_block, WARP, k).transpose(0, 1, 3, 2).reshape(-1, WARP)
        live = live.reshape(nb, warps_per_block, WARP, k).transpose(0, 1, 3, 2).reshape(-1, WARP)
        counts = _row_counts(addr, live, width)
        lanes = live.sum(axis=1)
        used = lanes > 0
        all_counts.append(counts[used])
        all_ideals.append(-(-lanes[used] * width // SEGMENT))
    return _figure(np.concatenate(all_counts), np.concatenate(all_ideals))

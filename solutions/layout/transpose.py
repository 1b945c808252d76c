"""Coalesced transpose: stage a tile in shared memory so loads *and* stores are coalesced.

Reference solution. See exercises/layout/transpose.py for the statement.
"""
from __future__ import annotations

import numpy as np
from numba import cuda, float32

TILE = 32  # a tile is TILE x TILE elements; a warp is one row of a tile
BLOCK_ROWS = 8  # threads per block: TILE x BLOCK_ROWS; each thread copies TILE / BLOCK_ROWS rows


@cuda.jit
def transpose_naive(a, out):
    """The naive kernel (given): coalesced loads, but 32 segments per store request."""
    x = cuda.blockIdx.x * TILE + cuda.threadIdx.x
    y = cuda.blockIdx.y * TILE + cuda.threadIdx.y
    for j in range(0, TILE, BLOCK_ROWS):
        if x < a.shape[1] and y + j < a.shape[0]:
            out[x, y + j] = a[y + j, x]


@cuda.jit
def transpose_tiled(a, out):
    """Through a shared-memory tile: coalesced loads from a, coalesced stores to out."""
    tile = cuda.shared.array((TILE, TILE + 1), float32)  # +1 column: no bank conflicts
    tx = cuda.threadIdx.x
    ty = cuda.threadIdx.y
    # Read a TILE x TILE tile of a, lanes along a row: a[y + j, x] for consecutive x.
    x = cuda.blockIdx.x * TILE + tx
    y = cuda.blockIdx.y * TILE + ty
    for j in range(0, TILE, BLOCK_ROWS):
        if x < a.shape[1] and y + j < a.shape[0]:
            tile[ty + j, tx] = a[y + j, x]
    # Every thread below reads elements other threads wrote: wait for the whole tile.
    cuda.syncthreads()
    # Write the transposed tile: the block's roles swap, lanes still walk along a row of out.
    x = cuda.blockIdx.y * TILE + tx
    y = cuda.blockIdx.x * TILE + ty
    for j in range(0, TILE, BLOCK_ROWS):
        if x < out.shape[1] and y + j < out.shape[0]:
            out[y + j, x] = tile[tx, ty + j]


def grid_for(a) -> tuple[int, int]:
    rows, cols = a.shape
    return (max(1, -(-cols // TILE)), max(1, -(-rows // TILE)))


def launch_naive(a, out) -> None:
    """Run transpose_naive (given)."""
    transpose_naive[grid_for(a), (TILE, BLOCK_ROWS)](a, out)


def launch_tiled(a, out) -> None:
    """Run transpose_tiled (given)."""
    transpose_tiled[grid_for(a), (TILE, BLOCK_ROWS)](a, out)


def transpose(a: np.ndarray) -> np.ndarray:
    """a.T as a new C-ordered float32 array, computed by transpose_tiled."""
    if not isinstance(a, np.ndarray) or a.ndim != 2 or a.dtype != np.float32:
        kind = f"a {a.dtype} array of shape {a.shape}" if isinstance(a, np.ndarray) else type(a).__name__
        raise ValueError(f"transpose needs a 2-D float32 array, got {kind}")
    a = np.ascontiguousarray(a)
    out = np.empty((a.shape[1], a.shape[0]), np.float32)
    if a.size:
        launch_tiled(a, out)
    return out

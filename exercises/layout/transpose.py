"""Coalesced transpose: stage a tile in shared memory so loads *and* stores are coalesced.

out = a.T is the worst case for the GPU's memory system. In `transpose_naive` below, the
lanes of a warp read 32 neighbours of a row of `a` (4 segments: coalesced) and write them
down a column of `out`, one row apart: 32 segments per warp request, 4 useful bytes in
each. The coalescing meter measures **loads 4, stores 32** (the ideal is 4 for float32).
Row-major on one side, column-major on the other: one of the two walks is always wrong.

The classic fix (CUDA Best Practices, "shared memory in matrix multiplication"; NVIDIA's
"An Efficient Matrix Transpose in CUDA C/C++"): a block of TILE x BLOCK_ROWS = 32 x 8
threads copies a 32 x 32 tile of `a` into shared memory with coalesced row reads (each
thread does 4 rows, j = 0, 8, 16, 24), waits at `cuda.syncthreads()` until the whole tile
is there, then writes the tile's *transpose* into `out`, again walking along rows of
`out` so the stores are coalesced too: block (bx, by) of `a` lands in block (by, bx) of
`out`, and thread (tx, ty) writes out[by*32 + ty + j, bx*32 + tx] = tile[tx][ty + j].
Shared memory is not global traffic (the meter does not count it); make the tile
TILE x (TILE + 1) so reading a tile column does not hit one memory bank 32 times.

Write `transpose_tiled(a, out)`, and `transpose(a)`, which checks its input, allocates
`out` and calls `launch_tiled` (given: a grid of ceil(cols / 32) x ceil(rows / 32) blocks
of (32, 8) threads). Guard every access: rows and columns need not be multiples of 32.

Budgets the tests enforce (the coalescing meter in Numba's CUDA simulator):
- out equals a.T (float32) for any 2-D shape: square or not, multiples of 32 or not;
- on shapes whose rows are whole segments (multiples of 32 floats), **every global load
  and store at the ideal: 4 segments per warp request**;
- **no shared-memory race**: no thread reads a tile element another thread wrote
  without a `cuda.syncthreads()` in between (the meter checks every element).

    >>> a = np.arange(6, dtype=np.float32).reshape(2, 3)
    >>> transpose(a).tolist()
    [[0.0, 3.0], [1.0, 4.0], [2.0, 5.0]]

When a budget fails, the message names the site (file:line), draws the segments each
warp request touched as a text grid, and writes an SVG of it under .kata/pictures/.

`a` may be a non-contiguous view (a slice, another array's .T): numba copies only
contiguous arrays to the device, so make it contiguous first (np.ascontiguousarray).
Bad input: `transpose` raises ValueError for an array that is not 2-D or not float32
(the tile in shared memory is float32), and for anything that is not a numpy array (a
list, a scalar). An empty array is fine: a (0, 5) array transposes to a (5, 0) one.

Run its tests: pytest exercises/layout/test_transpose.py   (or: kata check layout.transpose)
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
    """Through a shared-memory tile: coalesced loads from a, coalesced stores to out.

    (about 15 lines)
    """
    # TODO: tile = cuda.shared.array((TILE, TILE + 1), float32); tx, ty = cuda.threadIdx.x, .y
    # TODO: load: x = blockIdx.x * TILE + tx, y = blockIdx.y * TILE + ty; for j in range(0, TILE, BLOCK_ROWS):
    #       tile[ty + j, tx] = a[y + j, x] when x < a.shape[1] and y + j < a.shape[0]
    # TODO: cuda.syncthreads(): the next loop reads tile elements written by other threads
    # TODO: store: swap the block indices (x = blockIdx.y * TILE + tx, y = blockIdx.x * TILE + ty) and
    #       write out[y + j, x] = tile[tx, ty + j], guarded by out's shape. e.g. a 2 x 3 a: out[2, 1] = a[1, 2]
    raise NotImplementedError("transpose_tiled")


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
    """a.T as a new C-ordered float32 array, computed by transpose_tiled.

    (about 8 lines)
    """
    # TODO: not a 2-D float32 ndarray -> ValueError("transpose needs a 2-D float32 array, got ...")
    # TODO: a = np.ascontiguousarray(a); out = np.empty((cols, rows), np.float32);
    #       launch_tiled(a, out) unless a is empty; return out
    #       e.g. a of shape (2, 3) -> out of shape (3, 2), out[j, i] == a[i, j]
    raise NotImplementedError("transpose")

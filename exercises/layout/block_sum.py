"""A sum within a segment budget: each block reduces 2,048 values, one atomic per block.

A CPU programmer splits n values among threads in chunks: thread t sums
values[t*16 .. t*16 + 15], its own contiguous run (good for the thread's cache). On a GPU
that is the AoS mistake again: at each step the 32 lanes of a warp read addresses 16
floats = 64 bytes apart, so every load touches 32 segments to use 4 bytes of each. The
GPU way interleaves: at step k, lane t of a block reads values[base + k * 128 + t], and the
warp's 32 loads are 32 neighbours: 4 segments. ("CPU - Array of Structures, GPU -
Structure of Arrays"; CUDA Best Practices 9.2.1, "Coalesced Access to Global Memory".)

Write `block_sums(values, total)`: a block of THREADS = 128 threads handles the
ITEMS * THREADS = 2,048 values starting at blockIdx.x * 2048. Each thread adds its
ITEMS = 16 values in an accumulator (float64(0.0) is the careful choice; at these sizes the
tests cannot tell it from float32, so it is advice, not a rule), skipping indexes >= n;
the block then adds its 128 partial sums in shared memory (a tree: 64 threads add the upper
half to the lower half, then 32, ... with a `cuda.syncthreads()` after every step), and thread
0 adds the block's sum to total[0] with one `cuda.atomic.add`. `launch` (given) runs
ceil(n / 2048) blocks; `block_sum(values)` (yours) checks the input, makes `total`, launches
and returns the float.

Budgets the tests enforce (the coalescing meter in Numba's CUDA simulator):
- the sum is right to within 1e-6 of sum(|values|) (math.fsum is the reference);
- **every load of `values` at the ideal: 4 segments per full warp request** (measured
  with n a multiple of 32, so no warp is cut in two by the end of the array);
- **at most one global atomic or store per block** (lanes counted: 5 blocks, 5 atomics);
- no shared-memory race (a tree step that reads a partial sum before its writer is done).

    >>> block_sum(np.arange(5000, dtype=np.float32))   # 0 + 1 + ... + 4999
    12497500.0
    >>> block_sum(np.zeros(0, np.float32))
    0.0

When a budget fails, the message names the site (file:line), draws the segments each
warp request touched as a text grid, and writes an SVG of it under .kata/pictures/.

`values` may be a non-contiguous view (values[::2]): numba copies only contiguous arrays
to the device, so make it contiguous first (np.ascontiguousarray).
Bad input: `block_sum` raises ValueError for anything but a 1-D float32 array (a list or
a scalar too). No values is fine: block_sum of an empty array is 0.0.

Run its tests: pytest exercises/layout/test_block_sum.py   (or: kata check layout.block_sum)
"""
from __future__ import annotations

import numpy as np
from numba import cuda, float64

THREADS = 128  # threads per block (a power of two: the tree halves it)
ITEMS = 16  # values per thread
PER_BLOCK = THREADS * ITEMS


@cuda.jit
def block_sums(values, total):
    """Add this block's 2,048 values to total[0]: interleaved loads, a shared tree, one atomic.

    (about 18 lines)
    """
    # TODO: partial = cuda.shared.array(THREADS, float64); t = cuda.threadIdx.x; base = blockIdx.x * PER_BLOCK
    # TODO: acc = float64(0.0); for k in range(ITEMS): j = base + k * THREADS + t; add values[j] if j < n
    #       (interleaved: thread 0 reads base + 0, base + 128, ...; NOT base + 0 .. base + 15)
    # TODO: partial[t] = acc; cuda.syncthreads(); then step = 64, 32, ..., 1:
    #       if t < step: partial[t] += partial[t + step]; cuda.syncthreads() (every thread, every step)
    # TODO: thread 0: cuda.atomic.add(total, 0, partial[0])
    raise NotImplementedError("block_sums")


def blocks_for(n: int) -> int:
    return max(1, (n + PER_BLOCK - 1) // PER_BLOCK)


def launch(values, total) -> None:
    """Add sum(values) to total[0] (given)."""
    block_sums[blocks_for(values.shape[0]), THREADS](values, total)


def block_sum(values: np.ndarray) -> float:
    """sum(values) computed on the GPU by block_sums.

    (about 8 lines)
    """
    # TODO: not a 1-D float32 ndarray -> ValueError("block_sum needs a 1-D float32 array, got ...")
    # TODO: total = np.zeros(1, np.float64); launch(np.ascontiguousarray(values), total) unless empty;
    #       return float(total[0])
    #       e.g. block_sum(np.ones(3000, np.float32)) == 3000.0 (two blocks, two atomics)
    raise NotImplementedError("block_sum")

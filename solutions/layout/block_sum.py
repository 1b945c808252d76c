"""A sum within a segment budget: each block reduces 2,048 values, one atomic per block.

Reference solution. See exercises/layout/block_sum.py for the statement.
"""
from __future__ import annotations

import numpy as np
from numba import cuda, float64

THREADS = 128  # threads per block (a power of two: the tree halves it)
ITEMS = 16  # values per thread
PER_BLOCK = THREADS * ITEMS


@cuda.jit
def block_sums(values, total):
    partial = cuda.shared.array(THREADS, float64)
    t = cuda.threadIdx.x
    base = cuda.blockIdx.x * PER_BLOCK
    acc = float64(0.0)
    for k in range(ITEMS):
        # Interleaved, not chunked: at each step the block's lanes read 128 neighbours.
        j = base + k * THREADS + t
        if j < values.shape[0]:
            acc += values[j]
    partial[t] = acc
    cuda.syncthreads()
    step = THREADS // 2
    while step > 0:
        if t < step:
            partial[t] += partial[t + step]
        cuda.syncthreads()  # every thread, every step: the next step reads what this one wrote
        step //= 2
    if t == 0:
        cuda.atomic.add(total, 0, partial[0])  # one global update per block


def blocks_for(n: int) -> int:
    return max(1, (n + PER_BLOCK - 1) // PER_BLOCK)


def launch(values, total) -> None:
    """Add sum(values) to total[0] (given)."""
    block_sums[blocks_for(values.shape[0]), THREADS](values, total)


def block_sum(values: np.ndarray) -> float:
    """sum(values) computed on the GPU by block_sums."""
    if not isinstance(values, np.ndarray) or values.ndim != 1 or values.dtype != np.float32:
        kind = f"a {values.dtype} array of shape {values.shape}" if isinstance(values, np.ndarray) \
            else type(values).__name__
        raise ValueError(f"block_sum needs a 1-D float32 array, got {kind}")
    total = np.zeros(1, np.float64)
    if len(values):
        launch(np.ascontiguousarray(values), total)
    return float(total[0])

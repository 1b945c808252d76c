"""Mutant of layout.transpose: no barrier between writing the tile and reading it back."""
REPLACE = [
    (
        r"""        if x < a.shape[1] and y + j < a.shape[0]:
            tile[ty + j, tx] = a[y + j, x]
    # Every thread below reads elements other threads wrote: wait for the whole tile.
    cuda.syncthreads()
    # Write the transposed tile: the block's roles swap, lanes still walk along a row of out.
    x = cuda.blockIdx.y * TILE + tx
""",
        r"""        if x < a.shape[1] and y + j < a.shape[0]:
            tile[ty + j, tx] = a[y + j, x]
    # Write the transposed tile: the block's roles swap, lanes still walk along a row of out.
    x = cuda.blockIdx.y * TILE + tx
""",
    ),
]

"""Mutant of layout.transpose: goes through the tile but stores down columns of out, as the naive kernel."""
REPLACE = [
    (
        r"""    cuda.syncthreads()
    # Write the transposed tile: the block's roles swap, lanes still walk along a row of out.
    x = cuda.blockIdx.y * TILE + tx
    y = cuda.blockIdx.x * TILE + ty
    for j in range(0, TILE, BLOCK_ROWS):
        if x < out.shape[1] and y + j < out.shape[0]:
            out[y + j, x] = tile[tx, ty + j]


""",
        r"""    cuda.syncthreads()
    # Write the transposed tile: the block's roles swap, lanes still walk along a row of out.
    for j in range(0, TILE, BLOCK_ROWS):
        if x < a.shape[1] and y + j < a.shape[0]:
            out[x, y + j] = tile[ty + j, tx]


""",
    ),
]

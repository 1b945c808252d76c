"""Mutant of layout.transpose: goes through the tile but stores down columns of out, as the naive kernel."""
REPLACE = [
    (
        r"""    x = cuda.blockIdx.y * TILE + tx
    y = cuda.blockIdx.x * TILE + ty
""",
        r"""""",
    ),
    (
        r"""        if x < out.shape[1] and y + j < out.shape[0]:
            out[y + j, x] = tile[tx, ty + j]
""",
        r"""        if x < a.shape[1] and y + j < a.shape[0]:
            out[x, y + j] = tile[ty + j, tx]
""",
    ),
]

"""Mutant of layout.transpose: guards the stores with a's shape: wrong for non-square arrays."""
REPLACE = [
    (
        r"""    y = cuda.blockIdx.x * TILE + ty
    for j in range(0, TILE, BLOCK_ROWS):
        if x < out.shape[1] and y + j < out.shape[0]:
            out[y + j, x] = tile[tx, ty + j]

""",
        r"""    y = cuda.blockIdx.x * TILE + ty
    for j in range(0, TILE, BLOCK_ROWS):
        if x < a.shape[1] and y + j < a.shape[0]:
            out[y + j, x] = tile[tx, ty + j]

""",
    ),
]

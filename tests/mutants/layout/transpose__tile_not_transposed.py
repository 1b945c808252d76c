"""Mutant of layout.transpose: swaps the blocks but copies each tile as it is."""
REPLACE = [
    (
        r"""    for j in range(0, TILE, BLOCK_ROWS):
        if x < out.shape[1] and y + j < out.shape[0]:
            out[y + j, x] = tile[tx, ty + j]


""",
        r"""    for j in range(0, TILE, BLOCK_ROWS):
        if x < out.shape[1] and y + j < out.shape[0]:
            out[y + j, x] = tile[ty + j, tx]


""",
    ),
]

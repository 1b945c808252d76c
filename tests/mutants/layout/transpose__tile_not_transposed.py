"""Mutant of layout.transpose: swaps the blocks but copies each tile as it is."""
REPLACE = [
    (
        r"""            out[y + j, x] = tile[tx, ty + j]
""",
        r"""            out[y + j, x] = tile[ty + j, tx]
""",
    ),
]

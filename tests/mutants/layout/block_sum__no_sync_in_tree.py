"""Mutant of layout.block_sum: no barrier between the tree's steps."""
REPLACE = [
    (
        r"""        cuda.syncthreads()  # every thread, every step: the next step reads what this one wrote
""",
        r"""""",
    ),
]

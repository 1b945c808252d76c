"""Mutant of layout.transpose: no barrier between writing the tile and reading it back."""
REPLACE = [
    (
        r"""    # Every thread below reads elements other threads wrote: wait for the whole tile.
    cuda.syncthreads()
""",
        r"""""",
    ),
]

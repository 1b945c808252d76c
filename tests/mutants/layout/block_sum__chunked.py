"""Mutant of layout.block_sum: each thread sums its own contiguous chunk, the CPU habit: 32 segments a request."""
REPLACE = [
    (
        r"""    for k in range(ITEMS):
        # Interleaved, not chunked: at each step the block's lanes read 128 neighbours.
        j = base + k * THREADS + t
        if j < values.shape[0]:
            acc += values[j]
""",
        r"""    for k in range(ITEMS):
        # Interleaved, not chunked: at each step the block's lanes read 128 neighbours.
        j = base + t * ITEMS + k
        if j < values.shape[0]:
            acc += values[j]
""",
    ),
]

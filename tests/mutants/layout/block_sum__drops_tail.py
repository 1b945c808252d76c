"""Mutant of layout.block_sum: off by one at the end of the array."""
REPLACE = [
    (
        r"""        # Interleaved, not chunked: at each step the block's lanes read 128 neighbours.
        j = base + k * THREADS + t
        if j < values.shape[0]:
            acc += values[j]
    partial[t] = acc
""",
        r"""        # Interleaved, not chunked: at each step the block's lanes read 128 neighbours.
        j = base + k * THREADS + t
        if j < values.shape[0] - 1:
            acc += values[j]
    partial[t] = acc
""",
    ),
]

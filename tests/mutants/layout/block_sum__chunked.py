"""Mutant of layout.block_sum: each thread sums its own contiguous chunk, the CPU habit: 32 segments a request."""
REPLACE = [
    (
        r"""        j = base + k * THREADS + t
""",
        r"""        j = base + t * ITEMS + k
""",
    ),
]

"""Mutant of layout.block_sum: off by one at the end of the array."""
REPLACE = [
    (
        r"""        if j < values.shape[0]:
""",
        r"""        if j < values.shape[0] - 1:
""",
    ),
]

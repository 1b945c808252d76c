"""Mutant of layout.block_sum: no barrier between the tree's steps."""
REPLACE = [
    (
        r"""        if t < step:
            partial[t] += partial[t + step]
        cuda.syncthreads()  # every thread, every step: the next step reads what this one wrote
        step //= 2
    if t == 0:
""",
        r"""        if t < step:
            partial[t] += partial[t + step]
        step //= 2
    if t == 0:
""",
    ),
]

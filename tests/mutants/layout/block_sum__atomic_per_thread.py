"""Mutant of layout.block_sum: every thread adds its partial sum to total with an atomic: right, but 128 updates a block."""
REPLACE = [
    (
        r"""    partial[t] = acc
    cuda.syncthreads()
    step = THREADS // 2
    while step > 0:
        if t < step:
            partial[t] += partial[t + step]
        cuda.syncthreads()  # every thread, every step: the next step reads what this one wrote
        step //= 2
    if t == 0:
        cuda.atomic.add(total, 0, partial[0])  # one global update per block
""",
        r"""    cuda.atomic.add(total, 0, acc)
""",
    ),
]

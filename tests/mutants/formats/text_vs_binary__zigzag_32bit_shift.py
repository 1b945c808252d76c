"""Mutant of formats.text_vs_binary: sint32's ZigZag formula reused for 64 bits, wrong once |n| >= 2**31."""
REPLACE = [
    (
        r"""    # n >> 63 is an arithmetic shift: 0 for n >= 0, -1 (all ones) for n < 0, so negatives
    # get their bits flipped and land on the odd numbers.
    return (n << 1) ^ (n >> 63)


""",
        r"""    # n >> 63 is an arithmetic shift: 0 for n >= 0, -1 (all ones) for n < 0, so negatives
    # get their bits flipped and land on the odd numbers.
    return (n << 1) ^ (n >> 31)


""",
    ),
]

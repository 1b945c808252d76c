"""Mutant of formats.text_vs_binary: sint32's ZigZag formula reused for 64 bits, wrong once |n| >= 2**31."""
REPLACE = [
    (
        r"""    return (n << 1) ^ (n >> 63)
""",
        r"""    return (n << 1) ^ (n >> 31)
""",
    ),
]

"""Mutant of formats.text_vs_binary: int32-range negatives sign-extended to 32 bits only, so -1 takes 5 bytes instead of 10."""
REPLACE = [
    (
        r"""        n += _U64
""",
        r"""        n += (1 << 32) if n >= -(1 << 31) else _U64
""",
    ),
]

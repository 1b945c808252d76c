"""Mutant of formats.text_vs_binary: encode_varint's upper bound is inclusive, so 2**64 is written (as 10 bytes ending in 02) instead of raising ValueError."""
REPLACE = [
    (
        r"""    if not _I64_MIN <= n < _U64:
        raise ValueError(f"encode_varint({n}): out of range [-2**63, 2**64)")""",
        r"""    if not _I64_MIN <= n <= _U64:
        raise ValueError(f"encode_varint({n}): out of range [-2**63, 2**64)")""",
    ),
]

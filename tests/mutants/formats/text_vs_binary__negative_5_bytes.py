"""Mutant of formats.text_vs_binary: int32-range negatives sign-extended to 32 bits only, so -1 takes 5 bytes instead of 10."""
REPLACE = [
    (
        r"""        # int32 and int64 negatives are sign-extended to 64 bits on the wire, so any
        # negative number sets the top bit and needs all ten 7-bit groups.
        n += _U64
    out = bytearray()
    while True:
""",
        r"""        # int32 and int64 negatives are sign-extended to 64 bits on the wire, so any
        # negative number sets the top bit and needs all ten 7-bit groups.
        n += (1 << 32) if n >= -(1 << 31) else _U64
    out = bytearray()
    while True:
""",
    ),
]

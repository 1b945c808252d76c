"""Mutant of formats.text_vs_binary: no 10-byte limit, so over-long varints and values >= 2**64 decode."""
REPLACE = [
    (
        r"""    for i in range(_MAX_VARINT_BYTES):
""",
        r"""    i = -1
    while True:  # no limit: keeps reading while the continuation bit is set
        i += 1
""",
    ),
    (
        r"""        if i == _MAX_VARINT_BYTES - 1:
            # The 10th group sits at bit 63: only its lowest bit can be part of a 64-bit value.
            if byte & 0x80:
                raise VarintError(f"varint at byte {pos} is longer than 10 bytes")
            if byte > 1:
                raise VarintError(f"varint at byte {pos} does not fit in 64 bits")
""",
        r"""""",
    ),
    (
        r"""    raise AssertionError("unreachable: the 10th byte always returns or raises")
""",
        r"""""",
    ),
]

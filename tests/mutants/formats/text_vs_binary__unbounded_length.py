"""Mutant of formats.text_vs_binary: no 10-byte limit, so over-long varints and values >= 2**64 decode."""
REPLACE = [
    (
        r"""        raise ValueError(f"decode_varint: pos {pos} is outside data of {len(data)} bytes")
    value = 0
    for i in range(_MAX_VARINT_BYTES):
        if pos + i >= len(data):
            raise VarintError(
""",
        r"""        raise ValueError(f"decode_varint: pos {pos} is outside data of {len(data)} bytes")
    value = 0
    i = -1
    while True:  # no limit: keeps reading while the continuation bit is set
        i += 1
        if pos + i >= len(data):
            raise VarintError(
""",
    ),
    (
        r"""            )
        byte = data[pos + i]
        if i == _MAX_VARINT_BYTES - 1:
            # The 10th group sits at bit 63: only its lowest bit can be part of a 64-bit value.
            if byte & 0x80:
                raise VarintError(f"varint at byte {pos} is longer than 10 bytes")
            if byte > 1:
                raise VarintError(f"varint at byte {pos} does not fit in 64 bits")
        value |= (byte & 0x7F) << (7 * i)
        if byte < 0x80:
            return value, pos + i + 1
    raise AssertionError("unreachable: the 10th byte always returns or raises")


""",
        r"""            )
        byte = data[pos + i]
        value |= (byte & 0x7F) << (7 * i)
        if byte < 0x80:
            return value, pos + i + 1


""",
    ),
]

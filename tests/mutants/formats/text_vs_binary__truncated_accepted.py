"""Mutant of formats.text_vs_binary: a truncated varint silently returns the bits read so far."""
REPLACE = [
    (
        r"""    for i in range(_MAX_VARINT_BYTES):
        if pos + i >= len(data):
            raise VarintError(
                f"truncated varint at byte {pos}: data ends after {i} byte(s) with the continuation bit set"
            )
        byte = data[pos + i]
        if i == _MAX_VARINT_BYTES - 1:
""",
        r"""    for i in range(_MAX_VARINT_BYTES):
        if pos + i >= len(data):
            return value, pos + i  # data ran out: keep what was read
        byte = data[pos + i]
        if i == _MAX_VARINT_BYTES - 1:
""",
    ),
]

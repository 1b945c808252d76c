"""Mutant of formats.text_vs_binary: a truncated varint silently returns the bits read so far."""
REPLACE = [
    (
        r"""            raise VarintError(
                f"truncated varint at byte {pos}: data ends after {i} byte(s) with the continuation bit set"
            )
""",
        r"""            return value, pos + i  # data ran out: keep what was read
""",
    ),
]

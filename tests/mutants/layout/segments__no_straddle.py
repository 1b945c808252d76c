"""Mutant of layout.segments: an access is counted in the segment of its first byte only."""
REPLACE = [
    (
        r"""            raise ValueError(f"addresses are byte offsets >= 0, got {a}")
        # First and last byte of the access: it straddles a boundary when they differ.
        touched.update(range(a // SEGMENT, (a + width - 1) // SEGMENT + 1))
    return len(touched)

""",
        r"""            raise ValueError(f"addresses are byte offsets >= 0, got {a}")
        # First and last byte of the access: it straddles a boundary when they differ.
        touched.add(a // SEGMENT)
    return len(touched)

""",
    ),
]

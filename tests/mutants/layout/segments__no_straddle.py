"""Mutant of layout.segments: an access is counted in the segment of its first byte only."""
REPLACE = [
    (
        r"""        touched.update(range(a // SEGMENT, (a + width - 1) // SEGMENT + 1))
""",
        r"""        touched.add(a // SEGMENT)
""",
    ),
]

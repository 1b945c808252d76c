"""Mutant of layout.segments: width 0 is accepted (the check is width < 0): an access of no bytes touches no segment."""
REPLACE = [
    (
        r"""    if width < 1:
        raise ValueError(f"width must be at least 1 byte, got {width}")
""",
        r"""    if width < 0:
        raise ValueError(f"width must be at least 1 byte, got {width}")
""",
    ),
]

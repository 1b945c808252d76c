"""Mutant of layout.segments: assumes every warp starts on a segment boundary."""
REPLACE = [
    (
        r"""    elements = [offset + stride * k for k in range(WARP)]
""",
        r"""    elements = [stride * k for k in range(WARP)]
""",
    ),
]

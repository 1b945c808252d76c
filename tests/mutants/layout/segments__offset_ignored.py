"""Mutant of layout.segments: assumes every warp starts on a segment boundary."""
REPLACE = [
    (
        r"""    if itemsize < 1:
        raise ValueError(f"itemsize must be at least 1 byte, got {itemsize}")
    elements = [offset + stride * k for k in range(WARP)]
    if min(elements) < 0:
        raise ValueError(f"stride {stride} and offset {offset} give lane {elements.index(min(elements))} "
""",
        r"""    if itemsize < 1:
        raise ValueError(f"itemsize must be at least 1 byte, got {itemsize}")
    elements = [stride * k for k in range(WARP)]
    if min(elements) < 0:
        raise ValueError(f"stride {stride} and offset {offset} give lane {elements.index(min(elements))} "
""",
    ),
]

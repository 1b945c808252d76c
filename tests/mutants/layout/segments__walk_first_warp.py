"""Mutant of layout.segments: reports the first warp of the walk, as if every row started aligned."""
REPLACE = [
    (
        r"""    else:
        raise ValueError(f"along must be 'row' or 'column', got {along!r}")
    return sum(counts) / len(counts)
""",
        r"""    else:
        raise ValueError(f"along must be 'row' or 'column', got {along!r}")
    return float(counts[0])
""",
    ),
]

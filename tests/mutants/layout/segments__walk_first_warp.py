"""Mutant of layout.segments: reports the first warp of the walk, as if every row started aligned."""
REPLACE = [
    (
        r"""    return sum(counts) / len(counts)
""",
        r"""    return float(counts[0])
""",
    ),
]

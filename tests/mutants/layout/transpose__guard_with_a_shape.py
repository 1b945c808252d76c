"""Mutant of layout.transpose: guards the stores with a's shape: wrong for non-square arrays."""
REPLACE = [
    (
        r"""        if x < out.shape[1] and y + j < out.shape[0]:
""",
        r"""        if x < a.shape[1] and y + j < a.shape[0]:
""",
    ),
]

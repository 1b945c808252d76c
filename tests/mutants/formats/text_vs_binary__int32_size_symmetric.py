"""Mutant of formats.text_vs_binary: sizes tests abs(n) < 2**31 for int32, so -2**31 (which fits) gets None."""
REPLACE = [
    (
        r"""        "int32": 4 if low <= n < high else None,
""",
        r"""        "int32": 4 if abs(n) < high else None,
""",
    ),
]

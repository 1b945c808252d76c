"""Why pandas needs 5-10x the RAM: the naive load-and-aggregate, a lean one, and where memory goes.

MUTANT (must fail the hidden tests): memory_report counts only the values' characters, not the comma
or newline after each.
"""
REPLACE = [
    (
        r"""    csv_bytes = [int(text[name].str.len().sum()) + n for name in frame.columns]
""",
        r"""    csv_bytes = [int(text[name].str.len().sum()) for name in frame.columns]  # BUG: no separators
""",
    ),
]

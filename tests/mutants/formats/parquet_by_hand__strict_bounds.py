"""Parquet's ideas by hand: dictionary + run-length encoding, and skipping row groups by statistics.

Mutant: filter_rows skips a row group whose max equals lo or whose min equals hi (strict bounds).
"""
REPLACE = [
    (
        r"""    if lo is not None and stats["max"] < lo:
""",
        r"""    if lo is not None and stats["max"] <= lo:
""",
    ),
    (
        r"""    if hi is not None and stats["min"] > hi:
""",
        r"""    if hi is not None and stats["min"] >= hi:
""",
    ),
]

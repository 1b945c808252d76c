"""Parquet's ideas by hand: dictionary + run-length encoding, and skipping row groups by statistics.

Mutant: filter_rows skips a row group whose max equals lo or whose min equals hi (strict bounds).
"""
REPLACE = [
    (
        r"""        return True  # no statistics: nothing is known, the row group must be read
    # Inclusive bounds: a row group whose max equals lo still holds a matching row.
    if lo is not None and stats["max"] < lo:
        return False
    if hi is not None and stats["min"] > hi:
        return False
    return True
""",
        r"""        return True  # no statistics: nothing is known, the row group must be read
    # Inclusive bounds: a row group whose max equals lo still holds a matching row.
    if lo is not None and stats["max"] <= lo:
        return False
    if hi is not None and stats["min"] >= hi:
        return False
    return True
""",
    ),
]

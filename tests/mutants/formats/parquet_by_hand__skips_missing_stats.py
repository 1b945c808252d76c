"""Parquet's ideas by hand: dictionary + run-length encoding, and skipping row groups by statistics.

Mutant: filter_rows skips row groups without min/max statistics.
"""
REPLACE = [
    (
        r"""        return False  # only nulls, and a null never satisfies lo <= v <= hi
    if stats["min"] is None or stats["max"] is None:
        return True  # no statistics: nothing is known, the row group must be read
    # Inclusive bounds: a row group whose max equals lo still holds a matching row.
    if lo is not None and stats["max"] < lo:
""",
        r"""        return False  # only nulls, and a null never satisfies lo <= v <= hi
    if stats["min"] is None or stats["max"] is None:
        return False  # "no min/max, so no values": wrong when the writer stored no statistics
    # Inclusive bounds: a row group whose max equals lo still holds a matching row.
    if lo is not None and stats["max"] < lo:
""",
    ),
]

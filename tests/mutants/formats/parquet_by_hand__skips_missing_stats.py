"""Parquet's ideas by hand: dictionary + run-length encoding, and skipping row groups by statistics.

Mutant: filter_rows skips row groups without min/max statistics.
"""
REPLACE = [
    (
        r"""        return True  # no statistics: nothing is known, the row group must be read
""",
        r"""        return False  # "no min/max, so no values": wrong when the writer stored no statistics
""",
    ),
]

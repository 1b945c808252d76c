"""Row store vs column store: two storage engines for rides, OLTP and OLAP.

MUTANT: month_range wraps December to January of the same year, so December's range is empty.
See exercises/storage/ride_store.py for the statement.
"""
REPLACE = [
    (
        r"""    end = datetime(year + 1, 1, 1) if month == 12 else datetime(year, month + 1, 1)
""",
        r"""    end = datetime(year, month % 12 + 1, 1)  # BUG: December -> January of the same year
""",
    ),
]

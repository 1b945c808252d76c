"""A lakehouse table real tools read: Parquet files plus a Delta Lake transaction log.

MUTANT: A data file named by an add action but missing is skipped: the table silently loses rows.

Reference solution. See exercises/storage/lakehouse.py for the statement.
"""
REPLACE = [
    (
        r"""        if not full.is_file():
            raise LogError(f"data file {path} of version {added} is missing")
""",
        r"""        if not full.is_file():
            continue  # BUG: rows vanish without an error
""",
    ),
]

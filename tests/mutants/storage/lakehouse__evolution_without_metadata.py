"""A lakehouse table real tools read: Parquet files plus a Delta Lake transaction log.

MUTANT: A new column is written into the Parquet file but no new metaData action is committed: the table's schema never widens.

Reference solution. See exercises/storage/lakehouse.py for the statement.
"""
REPLACE = [
    (
        r"""        if wider:
""",
        r"""        if old is None:  # BUG: metaData on create only, never on a schema change
""",
    ),
]

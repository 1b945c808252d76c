"""A lakehouse table real tools read: Parquet files plus a Delta Lake transaction log.

MUTANT: commit(retries) makes `retries` attempts in all instead of 1 + `retries`: commit(retries=1) that loses once raises CommitConflict instead of retrying on top of the winner.
See exercises/storage/lakehouse.py for the statement.
"""
REPLACE = [
    (
        "                if retries <= 0:\n",
        "                if retries <= 1:  # BUG: the first attempt counted as a retry\n",
    ),
]

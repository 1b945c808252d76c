"""A lakehouse table real tools read: Parquet files plus a Delta Lake transaction log.

MUTANT: a corrupt commit file names its bad line counted from 0 (enumerate without a start): the first line is reported as "line 0 is not JSON", the third as "line 2".
See exercises/storage/lakehouse.py for the statement.
"""
REPLACE = [
    (
        "    for i, line in enumerate(path.read_text().splitlines(), 1):\n",
        "    for i, line in enumerate(path.read_text().splitlines()):  # BUG: counts from 0\n",
    ),
]

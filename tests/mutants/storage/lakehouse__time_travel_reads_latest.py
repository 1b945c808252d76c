"""A lakehouse table real tools read: Parquet files plus a Delta Lake transaction log.

MUTANT: The snapshot replays every commit of the log whatever version was asked for: time travel reads the latest table.

Reference solution. See exercises/storage/lakehouse.py for the statement.
"""
REPLACE = [
    (
        r"""    for v in range(version + 1):
        for action in _actions(table, v):""",
        r"""    for v in range(latest + 1):  # BUG: ignores the version asked for
        for action in _actions(table, v):""",
    ),
]

"""A lakehouse table real tools read: Parquet files plus a Delta Lake transaction log.

MUTANT: The snapshot replays add actions only: files an overwrite removed stay in the table.

Reference solution. See exercises/storage/lakehouse.py for the statement.
"""
REPLACE = [
    (
        r"""            elif "remove" in action:
                active.pop(action["remove"]["path"], None)
""",
        r"""            elif "remove" in action:
                pass  # BUG: removed files stay active
""",
    ),
]

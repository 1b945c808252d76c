"""A lakehouse table real tools read: Parquet files plus a Delta Lake transaction log.

MUTANT: The commit writes the next log file with a plain open(..., 'w'): a second writer silently replaces the version the first one committed.

Reference solution. See exercises/storage/lakehouse.py for the statement.
"""
REPLACE = [
    (
        r"""                os.link(tmp, path)
                return version
""",
        r"""                path.write_text(body)  # BUG: not exclusive, the loser overwrites the winner's commit
                return version
""",
    ),
]

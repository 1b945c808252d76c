"""ETL vs ELT: one messy ride log, cleaned before loading and after.

MUTANT: A rerun overwrites the files it writes but never deletes the days an input no longer has: their old rows stay in the lake.

Reference solution. See exercises/storage/etl_elt.py for the statement.
"""
REPLACE = [
    (
        r"""                if old not in keep:
                    old.unlink()
""",
        r"""                if old not in keep:
                    pass  # BUG: stale days of a rerun input stay
""",
    ),
]

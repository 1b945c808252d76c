"""ETL vs ELT: one messy ride log, cleaned before loading and after.

MUTANT: ELT keeps the resend with the smallest line number, whatever file it is in: across files, the first in input order is not the one kept.

Reference solution. See exercises/storage/etl_elt.py for the statement.
"""
REPLACE = [
    (
        r"""PARTITION BY event_id, status = 'ok' ORDER BY file, line)""",
        r"""PARTITION BY event_id, status = 'ok' ORDER BY line)""",
    ),
]

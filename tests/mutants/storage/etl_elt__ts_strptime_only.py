"""ETL vs ELT: one messy ride log, cleaned before loading and after.

MUTANT: etl trusts datetime.strptime alone for ts, which also takes one-digit months, days and hours (2021-9-3T8:15:00Z).

Reference solution. See exercises/storage/etl_elt.py for the statement.
"""
REPLACE = [
    (
        r"""    if not isinstance(v, str) or not re.fullmatch(TS_PATTERN, v):""",
        r"""    if not isinstance(v, str):  # BUG: no check of the exact shape""",
    ),
]

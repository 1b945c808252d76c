"""ETL vs ELT: one messy ride log, cleaned before loading and after.

MUTANT: Resent events are dropped within one input only: a resend that lands in another file of the run is loaded twice.

Reference solution. See exercises/storage/etl_elt.py for the statement.
"""
REPLACE = [
    (
        r"""    seen: set[str] = set()
""",
        r"""""",
    ),
    (
        r"""        days: dict[str, list[dict]] = {}
""",
        r"""        days: dict[str, list[dict]] = {}
        seen: set[str] = set()  # BUG: forgets the event ids of the other inputs
""",
    ),
]

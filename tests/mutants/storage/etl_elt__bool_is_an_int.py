"""ETL vs ELT: one messy ride log, cleaned before loading and after.

MUTANT: etl takes ride_id true as the integer 1: in Python bool is a subclass of int.

Reference solution. See exercises/storage/etl_elt.py for the statement.
"""
REPLACE = [
    (
        r"""            or isinstance(record["ride_id"], bool) or not isinstance(record["city"], str)""",
        r"""            or not isinstance(record["city"], str)""",
    ),
]

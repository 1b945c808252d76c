"""ETL vs ELT: one messy ride log, cleaned before loading and after.

MUTANT: ELT's bad_json test is json_valid alone: an array line is valid JSON, so it is rejected later as missing_field.

Reference solution. See exercises/storage/etl_elt.py for the statement.
"""
REPLACE = [
    (
        r"""    SELECT *, CASE WHEN json_valid(text) THEN json_type(text) END = 'OBJECT' AS is_object FROM raw""",
        r"""    SELECT *, json_valid(text) AS is_object FROM raw""",
    ),
]

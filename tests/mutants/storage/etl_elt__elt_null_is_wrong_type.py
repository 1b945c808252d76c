"""ETL vs ELT: one messy ride log, cleaned before loading and after.

MUTANT: ELT tests a field's presence with json_type(...) IS NULL: an explicit null has json_type 'NULL', so it falls through to wrong_type.

Reference solution. See exercises/storage/etl_elt.py for the statement.
"""
REPLACE = [
    (
        r"""             WHEN {" OR ".join(f"coalesce(json_type(text, '$.{f}'), 'NULL') = 'NULL'" for f in FIELDS)}""",
        r"""             WHEN {" OR ".join(f"json_type(text, '$.{f}') IS NULL" for f in FIELDS)}""",
    ),
]

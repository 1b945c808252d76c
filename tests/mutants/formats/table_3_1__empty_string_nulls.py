"""Table 3-1 as code: one set of ride events in JSON lines, CSV, Parquet, Avro, Protobuf, Pickle.

MUTANT: read_csv keeps the empty field as "": a null driver comes back as the empty string.
"""
REPLACE = [
    (
        r"""                driver or None,
""",
        r"""                driver,
""",
    ),
]

"""Table 3-1 as code: one set of ride events in JSON lines, CSV, Parquet, Avro, Protobuf, Pickle.

MUTANT: Parquet timestamps stored in milliseconds: the microseconds are silently dropped.
"""
REPLACE = [
    (
        r"""    pa.field("requested_at", pa.timestamp("us", tz="UTC"), nullable=False),
""",
        r"""    pa.field("requested_at", pa.timestamp("ms", tz="UTC"), nullable=False),
""",
    ),
]

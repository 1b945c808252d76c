"""Table 3-1 as code: one set of ride events in JSON lines, CSV, Parquet, Avro, Protobuf, Pickle.

MUTANT: Parquet timestamps stored in milliseconds: the microseconds are silently dropped.
"""
REPLACE = [
    (
        r"""    pa.field("driver", pa.string()),
    pa.field("price", pa.float64()),
    pa.field("requested_at", pa.timestamp("us", tz="UTC"), nullable=False),
    pa.field("surge", pa.bool_(), nullable=False),
])
""",
        r"""    pa.field("driver", pa.string()),
    pa.field("price", pa.float64()),
    pa.field("requested_at", pa.timestamp("ms", tz="UTC"), nullable=False),
    pa.field("surge", pa.bool_(), nullable=False),
])
""",
    ),
]

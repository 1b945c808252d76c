"""Table 3-1 as code: one set of ride events in JSON lines, CSV, Parquet, Avro, Protobuf, Pickle.

MUTANT: detect_format trusts Parquet's leading magic: a truncated file is called 'parquet'.
"""
REPLACE = [
    (
        r"""        if len(data) >= 12 and data[-4:] == b"PAR1":
            return "parquet"
""",
        r"""        return "parquet"
""",
    ),
]

"""Table 3-1 as code: one set of ride events in JSON lines, CSV, Parquet, Avro, Protobuf, Pickle.

MUTANT: detect_format trusts Parquet's leading magic: a truncated file is called 'parquet'.
"""
REPLACE = [
    (
        r"""    suspect = None  # the error to raise if a magic number matched but its format is not whole
    if data[:4] == b"PAR1":
        if len(data) >= 12 and data[-4:] == b"PAR1":
            return "parquet"
        suspect = "truncated parquet file: missing footer magic"
    elif data[:4] == b"Obj\x01":
""",
        r"""    suspect = None  # the error to raise if a magic number matched but its format is not whole
    if data[:4] == b"PAR1":
        return "parquet"
        suspect = "truncated parquet file: missing footer magic"
    elif data[:4] == b"Obj\x01":
""",
    ),
]

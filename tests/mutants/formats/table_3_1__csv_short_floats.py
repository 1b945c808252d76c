"""Table 3-1 as code: one set of ride events in JSON lines, CSV, Parquet, Avro, Protobuf, Pickle.

MUTANT: CSV prices printed with '%.15g', as many tools do: 0.1 + 0.2 comes back as 0.3.
"""
REPLACE = [
    (
        r"""                "" if price is None else repr(price),  # repr: 17 significant digits at most, exact
""",
        r"""                "" if price is None else "%.15g" % price,  # 15 digits "is enough"
""",
    ),
]

"""Row- vs column-major: the same data, three layouts, and the access pattern that fits each.

Mutant: read_columns reads the whole file, then selects.
"""
REPLACE = [
    (
        r"""        table = parquet.read(columns=list(columns))
""",
        r"""        # Read everything, then keep the wanted columns: right table, every byte read.
        table = parquet.read().select(list(columns))
""",
    ),
]

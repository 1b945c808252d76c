"""Row- vs column-major: the same data, three layouts, and the access pattern that fits each.

Mutant: read_columns reads the whole file, then selects.
"""
REPLACE = [
    (
        r"""        # Projection is pushed down to I/O: the reader looks up each wanted column's chunks
        # in the footer and seeks to them; the other columns' bytes are never read.
        table = parquet.read(columns=list(columns))
        return table, f.bytes_read

""",
        r"""        # Projection is pushed down to I/O: the reader looks up each wanted column's chunks
        # in the footer and seeks to them; the other columns' bytes are never read.
        # Read everything, then keep the wanted columns: right table, every byte read.
        table = parquet.read().select(list(columns))
        return table, f.bytes_read

""",
    ),
]

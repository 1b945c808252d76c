"""Row store vs column store: two storage engines for rides, OLTP and OLAP.

MUTANT: RowStore counts the whole records on open but leaves the torn tail in the file, so the next insert lands after it, misaligned.
See exercises/storage/ride_store.py for the statement.
"""
REPLACE = [
    (
        r"""        if size != whole * ROW.size:
            os.ftruncate(self.fd, whole * ROW.size)  # the torn tail of an interrupted insert
""",
        r"""        # BUG: the torn tail stays in the file
""",
    ),
]

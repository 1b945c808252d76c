"""Row store vs column store: two storage engines for rides, OLTP and OLAP.

MUTANT: ColumnStore takes the number of rides from ride_id.col alone and never cuts the other columns to it.
See exercises/storage/ride_store.py for the statement.
"""
REPLACE = [
    (
        r"""        n = min(os.fstat(fd).st_size // CELL[name].size for name, fd in self.fds.items())
        for name, fd in self.fds.items():
            if os.fstat(fd).st_size != n * CELL[name].size:
                os.ftruncate(fd, n * CELL[name].size)  # a ride torn between two appends
""",
        r"""        n = os.fstat(self.fds["ride_id"]).st_size // CELL["ride_id"].size  # BUG: ride_id.col decides alone
""",
    ),
]

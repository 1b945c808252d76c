"""Row store vs column store: two storage engines for rides, OLTP and OLAP.

MUTANT: ColumnStore.insert never checks for a ride_id it already holds: a duplicate is appended and replaces the first in the index.
See exercises/storage/ride_store.py for the statement.
"""
REPLACE = [
    (
        r"""        if ride_id in self.index:
            raise DuplicateRideError(f"ride {ride_id} already exists")
        row = len(self.index)
""",
        r"""        self.index.pop(ride_id, None)  # BUG: a second ride with the same id replaces the first
        row = os.fstat(self.fds["ride_id"]).st_size // CELL["ride_id"].size
""",
    ),
]

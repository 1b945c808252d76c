"""Row store vs column store: two storage engines for rides, OLTP and OLAP.

MUTANT: RowStore.get scans the whole file for the id instead of reading at the indexed offset.
See exercises/storage/ride_store.py for the statement.
"""
REPLACE = [
    (
        r"""        offset = self.index.get(ride_id)
        if offset is None:
            raise KeyError(f"no ride {ride_id}")
        return decode_row(os.pread(self.fd, ROW.size, offset))
""",
        r"""        if ride_id not in self.index:
            raise KeyError(f"no ride {ride_id}")
        rows = np.fromfile(self.path, dtype=ROW_DTYPE, count=len(self.index))  # BUG: a scan for one ride
        (k,) = np.flatnonzero(rows["ride_id"] == ride_id)
        return decode_row(rows[k].tobytes())
""",
    ),
]

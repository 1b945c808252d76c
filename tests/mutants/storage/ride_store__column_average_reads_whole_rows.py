"""Row store vs column store: two storage engines for rides, OLTP and OLAP.

MUTANT: ColumnStore.average_price rebuilds whole rows from all 11 columns before filtering.
See exercises/storage/ride_store.py for the statement.
"""
REPLACE = [
    (
        r"""        pickup = self._column("pickup")
        mask = (self._column("city") == city.encode("utf-8")) & (pickup >= lo) & (pickup < hi)
        prices = self._column("price")[mask]
""",
        r"""        rows = np.zeros(len(self.index), dtype=ROW_DTYPE)  # BUG: every column read, as a row store would
        for name in FIELDS:
            rows[name] = self._column(name)
        pickup = rows["pickup"]
        mask = (rows["city"] == city.encode("utf-8")) & (pickup >= lo) & (pickup < hi)
        prices = rows["price"][mask]
""",
    ),
]

"""Row store vs column store: two storage engines for rides, OLTP and OLAP.

MUTANT: ColumnStore.average_price returns 0.0 when no ride matches, where SQL's avg gives NULL (None).
See exercises/storage/ride_store.py for the statement.
"""
REPLACE = [
    (
        r"""        prices = self._column("price")[mask]
        return float(prices.mean()) if len(prices) else None
""",
        r"""        prices = self._column("price")[mask]
        return float(prices.mean()) if len(prices) else 0.0  # BUG: no ride is not a price of 0
""",
    ),
]

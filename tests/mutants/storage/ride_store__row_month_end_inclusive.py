"""Row store vs column store: two storage engines for rides, OLTP and OLAP.

MUTANT: RowStore.average_price counts a ride picked up at 00:00 on the 1st of the next month.
See exercises/storage/ride_store.py for the statement.
"""
REPLACE = [
    (
        r"""        mask = (rows["city"] == city.encode("utf-8")) & (pickup >= lo) & (pickup < hi)
""",
        r"""        mask = (rows["city"] == city.encode("utf-8")) & (pickup >= lo) & (pickup <= hi)  # BUG: end included
""",
    ),
]

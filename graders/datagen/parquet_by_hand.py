"""Rides data for formats.parquet_by_hand: the book's OLAP example as a Parquet file.

The chapter's analytical query is "the average price of all rides in September in San
Francisco". `rides(n)` makes a deterministic table of rides in time order (so `month` and
`ride_id` are sorted, `price` and `city` are not); `write` stores it with a chosen row-group
size, with or without min/max statistics.
"""
from __future__ import annotations

CITIES = ("San Francisco", "New York", "Los Angeles", "Seattle", "Austin", "Chicago", "Boston", "Denver")


def rides(n: int, seed: int = 0, missing: float = 0.02):
    """n rides in time order: ride_id, month (1..12), city, driver_id, price (2% null)."""
    import numpy as np
    import pyarrow as pa

    rng = np.random.default_rng(seed)
    month = np.sort(rng.integers(1, 13, n))
    city = np.asarray(CITIES)[rng.integers(0, len(CITIES), n)]
    price = np.round(rng.gamma(2.0, 9.0, n) + 3.0, 2)
    price_mask = rng.random(n) < missing
    return pa.table(
        {
            "ride_id": pa.array(np.arange(1, n + 1, dtype=np.int64)),
            "month": pa.array(month.astype(np.int32)),
            "city": pa.array(city.tolist(), pa.string()),
            "driver_id": pa.array(rng.integers(1, 500, n)),
            "price": pa.array(price, mask=price_mask),
        }
    )


def write(table, path, row_group_size: int, write_statistics: bool = True, **options) -> str:
    """Write `table` to `path` as Parquet; returns the path as a str."""
    import pyarrow.parquet as pq

    pq.write_table(table, str(path), row_group_size=row_group_size, write_statistics=write_statistics, **options)
    return str(path)

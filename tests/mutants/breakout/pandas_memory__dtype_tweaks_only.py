"""Why pandas needs 5-10x the RAM: the naive load-and-aggregate, a lean one, and where memory goes.

MUTANT (must fail the hidden tests): reads every column with smaller dtypes (category, int8/int16,
float32). Same result, but the parser's text and tokens are the peak, not the columns: ~0.8x the
naive peak.
"""
from __future__ import annotations

import pandas as pd

KEYS = ["carrier", "month"]
NEEDED = ["carrier", "month", "arr_delay"]
# Rows per chunk: the C parser tokenizes every column of a chunk (~16 bytes a field) even with
# usecols, so the chunk, not the file, sets the peak: ~25 MiB at 50,000 rows of 19 columns.
CHUNK_ROWS = 50_000


def naive_delays(path: str) -> pd.DataFrame:
    """Flights and mean arrival delay per (carrier, month): read everything, then group."""
    df = pd.read_csv(path)
    return (
        df.groupby(KEYS)["arr_delay"]
        .agg(flights="size", mean_arr_delay="mean")
        .reset_index()
    )


def lean_delays(path: str) -> pd.DataFrame:
    """The same frame as naive_delays(path), reading 3 columns a chunk at a time."""
    header = pd.read_csv(path, nrows=0).columns  # FileNotFoundError for a missing file
    for name in NEEDED:
        if name not in header:
            raise ValueError(f"{path} has no column {name!r}: lean_delays needs {', '.join(NEEDED)}")
    # BUG (memory): smaller dtypes for every column, but still every column of the whole file
    # through the (parallel) parser; the peak barely moves.
    small = {
        "year": "int16", "month": "int8", "day": "int8", "dep_time": "float32", "sched_dep_time": "int16",
        "dep_delay": "float32", "arr_time": "float32", "sched_arr_time": "int16", "arr_delay": "float32",
        "carrier": "category", "flight": "int16", "tailnum": "category", "origin": "category",
        "dest": "category", "air_time": "float32", "distance": "int16", "hour": "int8", "minute": "int8",
    }
    df = pd.read_csv(path, dtype={k: v for k, v in small.items() if k in header})
    return (
        df.groupby(KEYS, observed=True)["arr_delay"]
        .agg(flights="size", mean_arr_delay="mean")
        .reset_index()
    )


def memory_report(path: str) -> pd.DataFrame:
    """Per column of a default pd.read_csv(path): its bytes in the CSV and in the frame."""
    frame = pd.read_csv(path)
    # The values exactly as written ("NA" and "" stay text): their length is their size in the
    # file (the files are ASCII), plus one byte for the comma or newline after each.
    text = pd.read_csv(path, dtype=str, keep_default_na=False, na_filter=False)
    n = len(text)
    csv_bytes = [int(text[name].str.len().sum()) + n for name in frame.columns]
    pandas_bytes = [int(frame[name].memory_usage(index=False, deep=True)) for name in frame.columns]
    report = pd.DataFrame(
        {
            "dtype": [str(frame[name].dtype) for name in frame.columns],
            "csv_bytes": csv_bytes,
            "pandas_bytes": pandas_bytes,
        },
        index=list(frame.columns),
    )
    report["ratio"] = report["pandas_bytes"] / report["csv_bytes"]
    return report

"""Why pandas needs 5-10x the RAM: the naive load-and-aggregate, a lean one, and where memory goes.

Reference solution. See exercises/breakout/pandas_memory.py for the statement.
"""
from __future__ import annotations

import os

import pandas as pd

KEYS = ["carrier", "month"]
NEEDED = ["carrier", "month", "arr_delay"]
# Rows per chunk: the C parser tokenizes every column of a chunk (~16 bytes a field) even with
# usecols, so the chunk, not the file, sets the peak: ~25 MiB at 50,000 rows of 19 columns.
CHUNK_ROWS = 50_000


def _check_path(path: object, fn: str) -> None:
    # pandas would take a buffer or a URL too, and say "Invalid file path or buffer" for None.
    if not isinstance(path, (str, os.PathLike)):
        raise TypeError(f"{fn} expects path as a str or os.PathLike, got {type(path).__name__}")


def _read_empty(path, **kwargs) -> pd.DataFrame:
    try:
        return pd.read_csv(path, **kwargs)
    except pd.errors.EmptyDataError:
        raise ValueError(f"{path} is empty: not even a header line") from None


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
    _check_path(path, "lean_delays")
    header = _read_empty(path, nrows=0).columns  # FileNotFoundError for a missing file
    for name in NEEDED:
        if name not in header:
            raise ValueError(f"{path} has no column {name!r}: lean_delays needs {', '.join(NEEDED)}")
    parts = []
    # usecols: only 3 of the columns are converted and kept. chunksize: the parser holds one
    # chunk at a time (and it also turns off pandas 3.1's parallel reader, whose per-thread
    # buffers hold every field of the whole file at once). Sum and count per chunk, divide at
    # the end: a mean of chunk means would weight a small chunk like a big one.
    reader = pd.read_csv(
        path, usecols=NEEDED, chunksize=CHUNK_ROWS,
        dtype={"carrier": "str", "month": "int64", "arr_delay": "float64"},
    )
    with reader:
        for chunk in reader:
            delays = chunk.groupby(KEYS)["arr_delay"]
            parts.append(pd.DataFrame({
                "flights": delays.size(),  # every row, with or without arr_delay
                "delay_sum": delays.sum(),
                "delay_count": delays.count(),  # only rows that have arr_delay
            }))
    if not parts:
        return pd.DataFrame({
            "carrier": pd.Series([], dtype="str"), "month": pd.Series([], dtype="int64"),
            "flights": pd.Series([], dtype="int64"), "mean_arr_delay": pd.Series([], dtype="float64"),
        })
    totals = pd.concat(parts).groupby(level=KEYS).sum()  # groups are few: this is tiny
    # 0 / 0 is NaN: a group whose arr_delay is always missing has no mean, as in naive_delays.
    mean = totals["delay_sum"] / totals["delay_count"].where(totals["delay_count"] > 0)
    return pd.DataFrame({
        "flights": totals["flights"].astype("int64"),
        "mean_arr_delay": mean.astype("float64"),
    }).reset_index()


def memory_report(path: str) -> pd.DataFrame:
    """Per column of a default pd.read_csv(path): its bytes in the CSV and in the frame."""
    _check_path(path, "memory_report")
    frame = _read_empty(path)
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

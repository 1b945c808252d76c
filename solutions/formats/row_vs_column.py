"""Row- vs column-major: the same data, three layouts, and the access pattern that fits each.

Reference solution. See exercises/formats/row_vs_column.py for the statement.
"""
from __future__ import annotations

import io
import numbers

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.parquet as pq

GAIN_COLUMNS = ("dep_delay", "arr_delay")


# --- 1. pandas is column-major: work on whole columns --------------------------------------

def mean_gain_iterrows(df: pd.DataFrame) -> float:
    """The baseline: minutes made up in the air, one row at a time (slow on purpose)."""
    _check_gain_columns(df)
    total, count = 0.0, 0
    for _, row in df.iterrows():
        dep, arr = row["dep_delay"], row["arr_delay"]
        if pd.isna(dep) or pd.isna(arr):
            continue
        total += dep - arr
        count += 1
    if count == 0:
        raise ValueError("no flight has both dep_delay and arr_delay")
    return total / count


def mean_gain(df: pd.DataFrame) -> float:
    """Mean of dep_delay - arr_delay over flights that have both, computed column-wise."""
    _check_gain_columns(df)
    # Each column is one contiguous array, so one subtraction runs in C over every row.
    # to_numpy with na_value turns pd.NA (nullable and Arrow-backed dtypes) into NaN, and
    # the difference is NaN wherever either delay is missing. Plain numpy skips the fixed
    # per-call cost of pandas' index alignment: (df.dep_delay - df.arr_delay).mean() is
    # also column-wise and fast enough, just a few hundred microseconds slower.
    dep = df["dep_delay"].to_numpy(dtype=np.float64, na_value=np.nan)
    arr = df["arr_delay"].to_numpy(dtype=np.float64, na_value=np.nan)
    gain = dep - arr
    gain = gain[~np.isnan(gain)]
    if gain.size == 0:
        raise ValueError("no flight has both dep_delay and arr_delay")
    return float(gain.mean())


def _check_gain_columns(df: pd.DataFrame) -> None:
    if not isinstance(df, pd.DataFrame):
        raise TypeError(f"mean_gain expects a pandas DataFrame, got {type(df).__name__}")
    for name in GAIN_COLUMNS:
        if name not in df.columns:
            raise ValueError(f"missing column {name!r}")


# --- 2. NumPy is row-major by default: where an element lives ------------------------------

def byte_offset(index: tuple[int, ...], shape: tuple[int, ...], order: str = "C", itemsize: int = 8) -> int:
    """Byte offset of element `index` in a contiguous array of `shape`, C or F order."""
    for name, value in (("index", index), ("shape", shape)):
        if not isinstance(value, (tuple, list)):
            raise TypeError(f"byte_offset expects {name} as a tuple of ints, got {type(value).__name__}")
        for x in value:
            if not isinstance(x, numbers.Integral):
                raise TypeError(f"byte_offset expects {name} as a tuple of ints, got an item of type {type(x).__name__}")
    if not isinstance(itemsize, numbers.Integral):
        raise TypeError(f"byte_offset expects itemsize as an int, got {type(itemsize).__name__}")
    if order not in ("C", "F"):
        raise ValueError(f"order must be 'C' or 'F', got {order!r}")
    if len(index) != len(shape):
        raise ValueError(f"index {tuple(index)} has {len(index)} dimensions, shape {tuple(shape)} has {len(shape)}")
    for axis, (i, n) in enumerate(zip(index, shape)):
        if not 0 <= i < n:
            raise IndexError(f"index {i} is out of bounds for axis {axis} with size {n}")
    # Row-major: the last index moves fastest; column-major: the first does. Horner's rule
    # over the axes from slowest to fastest gives the flat element number.
    axes = range(len(shape)) if order == "C" else reversed(range(len(shape)))
    flat = 0
    for axis in axes:
        flat = flat * shape[axis] + index[axis]
    return flat * itemsize


def sum_in_memory_order(a: np.ndarray) -> float:
    """Sum a 2-D array one line at a time, walking the lines that are contiguous in memory."""
    a = np.asarray(a)
    if a.ndim != 2:
        raise ValueError(f"expected a 2-D array, got {a.ndim} dimensions (shape {a.shape})")
    total = 0.0
    # The axis with the smaller stride is the one whose neighbours sit next to each other:
    # axis 1 for a C-order array (rows are contiguous), axis 0 for an F-order one.
    if abs(a.strides[1]) <= abs(a.strides[0]):
        for i in range(a.shape[0]):
            total += float(np.add.reduce(a[i, :]))
    else:
        for j in range(a.shape[1]):
            total += float(np.add.reduce(a[:, j]))
    return total


# --- 3. Parquet is column-major on disk: read only the column chunks you need --------------

class CountingFile(io.RawIOBase):
    """A read-only binary file that counts the bytes handed out by read()/readinto()."""

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
    """(byte offset, length) of `column`'s chunk in every row group, from the footer."""
    if not isinstance(column, str):
        raise TypeError(f"column_chunks expects column as a str, got {type(column).__name__}")
    metadata = pq.read_metadata(path)
    j = _column_index(metadata.schema.to_arrow_schema(), column, path)
    chunks = []
    for r in range(metadata.num_row_groups):
        chunk = metadata.row_group(r).column(j)
        # A dictionary-encoded chunk starts with its dictionary page, before the data pages.
        start = chunk.dictionary_page_offset if chunk.has_dictionary_page else chunk.data_page_offset
        chunks.append((start, chunk.total_compressed_size))
    return chunks


def read_columns(path: str, columns: list[str]) -> tuple[pa.Table, int]:
    """Read only `columns` of a Parquet file; return the table and the bytes read from disk."""
    # A str is iterable too: "dep_delay" would ask for the columns 'd', 'e', 'p', ...
    if not isinstance(columns, (list, tuple)):
        raise TypeError(f"read_columns expects columns as a list of strs, got {type(columns).__name__}")
    for column in columns:
        if not isinstance(column, str):
            raise TypeError(f"read_columns expects columns as a list of strs, got an item of type {type(column).__name__}")
    with CountingFile(path) as f:
        parquet = pq.ParquetFile(f)
        schema = parquet.schema_arrow
        for column in columns:
            _column_index(schema, column, path)
        # Projection is pushed down to I/O: the reader looks up each wanted column's chunks
        # in the footer and seeks to them; the other columns' bytes are never read.
        table = parquet.read(columns=list(columns))
        return table, f.bytes_read


def _column_index(schema: pa.Schema, column: str, path: str) -> int:
    j = schema.get_field_index(column)
    if j < 0:
        raise ValueError(f"no column {column!r} in {path}")
    return j

"""Parquet's ideas by hand: dictionary + run-length encoding, and skipping row groups by statistics.

Reference solution. See exercises/formats/parquet_by_hand.py for the statement.
"""
from __future__ import annotations

import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.parquet as pq

DICTIONARY_LIMIT = 1_048_576  # pyarrow's default dictionary_pagesize_limit: 1 MiB


def _check_list(x: object, what: str) -> None:
    # A str is iterable too, and would be encoded character by character.
    if not isinstance(x, (list, tuple)):
        raise TypeError(f"{what} as a list, got {type(x).__name__}")


def _check_int(x: object, what: str) -> None:
    if isinstance(x, bool) or not isinstance(x, int):
        raise TypeError(f"{what}, got {type(x).__name__}")


def _check_column(column: object, fn: str) -> None:
    if not isinstance(column, str):
        raise TypeError(f"{fn} expects column as a str, got {type(column).__name__}")


# --- 1. Dictionary + run-length encoding --------------------------------------------------

def dictionary_encode(values: list) -> tuple[list, list[int]]:
    """(dictionary of distinct values in first-seen order, index of each value)."""
    _check_list(values, "dictionary_encode expects values")
    position: dict = {}
    indices = []
    for i, value in enumerate(values):
        if value is None:
            raise ValueError(f"None at position {i}: nulls are not dictionary entries")
        # setdefault gives a new value the next free index: first seen, first numbered.
        indices.append(position.setdefault(value, len(position)))
    return list(position), indices


def dictionary_decode(dictionary: list, indices: list[int]) -> list:
    """The values back: dictionary[i] for each index i."""
    _check_list(dictionary, "dictionary_decode expects dictionary")
    _check_list(indices, "dictionary_decode expects indices")
    n = len(dictionary)
    for i in indices:
        _check_int(i, "dictionary_decode expects int indices")
        if not 0 <= i < n:
            raise ValueError(f"index {i} is out of range for a dictionary of {n} entries")
    return [dictionary[i] for i in indices]


def run_length_encode(indices: list[int]) -> list[tuple[int, int]]:
    """Maximal runs of equal neighbours as (value, run_length) pairs."""
    _check_list(indices, "run_length_encode expects indices")
    runs: list[tuple[int, int]] = []
    for value in indices:
        if runs and runs[-1][0] == value:
            runs[-1] = (value, runs[-1][1] + 1)
        else:
            runs.append((value, 1))
    return runs


def run_length_decode(runs: list[tuple[int, int]]) -> list[int]:
    """Expand (value, run_length) pairs back into the list of values."""
    _check_list(runs, "run_length_decode expects runs")
    out: list[int] = []
    for value, length in runs:
        _check_int(length, "run_length_decode expects int run lengths")
        if length < 1:
            raise ValueError(f"run length must be at least 1, got {length} for value {value!r}")
        out.extend([value] * length)
    return out


def varint_size(n: int) -> int:
    """Bytes of an unsigned LEB128/protobuf varint: 7 bits a byte (given)."""
    return max(1, (n.bit_length() + 6) // 7)


def value_size(value) -> int:
    """PLAIN bytes of one value: INT64 and DOUBLE take 8, a BYTE_ARRAY 4 + its UTF-8 bytes."""
    kind = type(value)
    if kind is str:
        return 4 + len(value.encode("utf-8"))
    if kind is int or kind is float:
        return 8
    raise ValueError(f"unsupported value {value!r} of type {kind.__name__}: expected int, float or str")


def encoded_sizes(values: list, dictionary_limit: int = DICTIONARY_LIMIT) -> dict:
    """Bytes of `values` stored PLAIN and dictionary + RLE encoded, and which one a writer picks."""
    _check_list(values, "encoded_sizes expects values")
    _check_int(dictionary_limit, "encoded_sizes expects dictionary_limit as an int")
    plain = 0
    for i, value in enumerate(values):
        if value is None:
            raise ValueError(f"None at position {i}: nulls are not dictionary entries")
        plain += value_size(value)
    dictionary, indices = dictionary_encode(values)
    dictionary_page = sum(value_size(v) for v in dictionary)
    # Indices 0 .. len-1 need the bit length of the largest one; a one-entry dictionary needs 0.
    bit_width = max(len(dictionary) - 1, 0).bit_length()
    value_bytes = (bit_width + 7) // 8
    # RLE hybrid: one byte for the bit width, then per run a varint header (length << 1, the
    # low bit 0 saying "RLE run") and the repeated index in ceil(bit_width / 8) bytes.
    runs = run_length_encode(indices)
    index_bytes = 1 + sum(varint_size(length << 1) + value_bytes for _, length in runs)
    # A writer falls back to PLAIN when the dictionary page outgrows its limit (all of
    # them), or when dictionary + indices do not beat PLAIN (parquet-mr checks this too).
    pays_off = dictionary_page + index_bytes < plain
    encoding = "dictionary" if dictionary_page <= dictionary_limit and pays_off else "plain"
    return {
        "plain": plain,
        "dictionary_page": dictionary_page,
        "indices": index_bytes,
        "bit_width": bit_width,
        "encoding": encoding,
    }


# --- 2. Skipping row groups by min/max statistics ------------------------------------------

def _column_index(metadata: pq.FileMetaData, column: str, path: str) -> int:
    j = metadata.schema.to_arrow_schema().get_field_index(column)
    if j < 0:
        raise ValueError(f"no column {column!r} in {path}")
    return j


def row_group_stats(path: str, column: str) -> list[dict]:
    """Per row group: num_rows, null_count, min and max of `column`, from the footer alone."""
    _check_column(column, "row_group_stats")
    metadata = pq.read_metadata(path)
    j = _column_index(metadata, column, path)
    out = []
    for r in range(metadata.num_row_groups):
        row_group = metadata.row_group(r)
        stats = row_group.column(j).statistics  # None when the writer stored no statistics
        has_min_max = stats is not None and stats.has_min_max
        out.append({
            "num_rows": row_group.num_rows,
            "null_count": stats.null_count if stats is not None and stats.has_null_count else None,
            "min": stats.min if has_min_max else None,
            "max": stats.max if has_min_max else None,
        })
    return out


def _may_match(stats: dict, lo, hi) -> bool:
    """Can this row group hold a value in [lo, hi]? When in doubt, yes."""
    if stats["num_rows"] == 0:
        return False  # an empty row group (pyarrow writes one for an empty table)
    if stats["null_count"] is not None and stats["null_count"] == stats["num_rows"]:
        return False  # only nulls, and a null never satisfies lo <= v <= hi
    if stats["min"] is None or stats["max"] is None:
        return True  # no statistics: nothing is known, the row group must be read
    # Inclusive bounds: a row group whose max equals lo still holds a matching row.
    if lo is not None and stats["max"] < lo:
        return False
    if hi is not None and stats["min"] > hi:
        return False
    return True


def filter_rows(path: str, column: str, lo=None, hi=None) -> tuple[pa.Table, int]:
    """Rows with lo <= column <= hi (None = unbounded), reading only row groups that may match."""
    _check_column(column, "filter_rows")
    if lo is not None and hi is not None and lo > hi:
        raise ValueError(f"empty range: lo {lo!r} is greater than hi {hi!r}")
    parquet = pq.ParquetFile(path)
    stats = row_group_stats(path, column)
    pieces = []
    for r, group in enumerate(stats):
        if not _may_match(group, lo, hi):
            continue
        table = parquet.read_row_group(r)
        values = table.column(column)
        keep = pc.is_valid(values)  # a null never matches
        if lo is not None:
            keep = pc.and_(keep, pc.greater_equal(values, lo))
        if hi is not None:
            keep = pc.and_(keep, pc.less_equal(values, hi))
        pieces.append(table.filter(pc.fill_null(keep, False)))
    if not pieces:
        return parquet.schema_arrow.empty_table(), 0
    return pa.concat_tables(pieces), len(pieces)

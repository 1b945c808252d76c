"""Parquet's ideas by hand: dictionary + run-length encoding, and skipping row groups.

Parquet (Table 3-1: binary, column-major; Hadoop, Amazon Redshift) stores a file as row
groups -> column chunks -> pages, with a footer at the end. Two ideas make it small and
fast for analytical queries such as the book's "average price of all rides in September":

1. Encoding. A column chunk may start with a *dictionary page* of its distinct values, in
   the order they were first seen; the data pages then hold only indices into it, as
   runs ("RLE"). The book's Book relation has a Publisher column like
   ["Banana Press", "Banana Press", "Guava Press", "Banana Press", "Guava Press"]: that is
   the same trick as normalizing Publisher into its own table with an ID.
   Byte model (use it exactly; the tests compute it too):
   - PLAIN: an int (INT64) or float (DOUBLE) takes 8 bytes, a str 4 + len(s.encode("utf-8")).
   - dictionary_page: the PLAIN bytes of the dictionary's values.
   - bit_width: bits of the largest index, (len(dictionary) - 1).bit_length(); 0 for one entry.
   - indices: 1 byte (the bit width), then per run varint_size(run_length << 1) bytes of
     header plus ceil(bit_width / 8) bytes for the index.
   - encoding: "dictionary" if dictionary_page <= dictionary_limit (a writer falls back to
     PLAIN when the dictionary grows too large) and dictionary_page + indices < plain
     (it must pay off); otherwise "plain".
2. Skipping. The footer keeps min, max and null_count of every column chunk. To answer
   lo <= column <= hi, read a row group only if it may hold a match: skip it when it has
   no rows, when its null_count == num_rows (a null never matches), or when it has min/max and
   max < lo or min > hi (bounds are inclusive: max == lo may match). A row group without
   min/max must be read. None for lo or hi means no bound. On a file sorted by the column
   few row groups are read; on shuffled data, all of them. Count them.

    >>> publishers = ["Banana Press", "Banana Press", "Guava Press", "Banana Press", "Guava Press"]
    >>> dictionary_encode(publishers)
    (['Banana Press', 'Guava Press'], [0, 0, 1, 0, 1])
    >>> run_length_encode([0, 0, 1, 0, 1])
    [(0, 2), (1, 1), (0, 1), (1, 1)]
    >>> encoded_sizes(publishers)
    {'plain': 78, 'dictionary_page': 31, 'indices': 9, 'bit_width': 1, 'encoding': 'dictionary'}

filter_rows(path, "month", 9, 9) returns (the matching rows, all columns, in file order, as
a pyarrow.Table; the number of row groups read). row_group_stats(path, column) returns one
dict per row group: {"num_rows", "null_count", "min", "max"}, None where the footer has no
such statistic.

Bad input raises ValueError with a message: a None value for dictionary_encode or
encoded_sizes ("None at position 3: nulls are not dictionary entries"), a value that is
not an int, float or str for encoded_sizes, an index outside the dictionary, a run length
below 1, lo > hi for filter_rows ("empty range ..."), a column the file lacks
("no column 'x' in <path>").
Empty lists are fine: dictionary_encode([]) is ([], []), the decoders and run_length_encode
give [], encoded_sizes([]) is {'plain': 0, 'dictionary_page': 0, 'indices': 1,
'bit_width': 0, 'encoding': 'plain'}.
Arguments of the wrong type raise TypeError naming the function and the parameter: values,
dictionary, indices and runs must be lists (a str would be encoded character by character:
"dictionary_encode expects values as a list, got str"), indices and run lengths ints
("run_length_decode expects int run lengths, got float"), dictionary_limit an int, and
column a str ("filter_rows expects column as a str, got int").

Run its tests: pytest exercises/formats/test_parquet_by_hand.py   (or: kata check formats.parquet_by_hand)
"""
from __future__ import annotations

import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.parquet as pq

DICTIONARY_LIMIT = 1_048_576  # pyarrow's default dictionary_pagesize_limit: 1 MiB


# --- 1. Dictionary + run-length encoding --------------------------------------------------

def dictionary_encode(values: list) -> tuple[list, list[int]]:
    """(dictionary of distinct values in first-seen order, index of each value).

    (about 8 lines)
    """
    # TODO: a dict value -> index; a new value gets the next index len(dict)
    #       e.g. ["b", "a", "b"] -> dictionary ["b", "a"], indices [0, 1, 0] (NOT sorted)
    # TODO: None -> ValueError("None at position 3: nulls are not dictionary entries")
    raise NotImplementedError("dictionary_encode")


def dictionary_decode(dictionary: list, indices: list[int]) -> list:
    """The values back: dictionary[i] for each index i. (about 5 lines)"""
    # TODO: every index must satisfy 0 <= i < len(dictionary) (no negative indexing), else ValueError
    #       e.g. dictionary_decode(["b", "a"], [0, 1, 0]) -> ["b", "a", "b"]
    raise NotImplementedError("dictionary_decode")


def run_length_encode(indices: list[int]) -> list[tuple[int, int]]:
    """Maximal runs of equal neighbours as (value, run_length) pairs. (about 8 lines)"""
    # TODO: extend the last run while the value repeats, else start a new run of length 1
    #       e.g. [7, 7, 7, 2, 7] -> [(7, 3), (2, 1), (7, 1)]; [] -> []
    # TODO: don't lose the last run
    raise NotImplementedError("run_length_encode")


def run_length_decode(runs: list[tuple[int, int]]) -> list[int]:
    """Expand (value, run_length) pairs back into the list of values. (about 6 lines)"""
    # TODO: [(7, 3), (2, 1)] -> [7, 7, 7, 2]; a run length below 1 -> ValueError
    raise NotImplementedError("run_length_decode")


def varint_size(n: int) -> int:
    """Bytes of an unsigned LEB128/protobuf varint: 7 bits a byte (given).

    >>> varint_size(127), varint_size(128)
    (1, 2)
    """
    return max(1, (n.bit_length() + 6) // 7)


def encoded_sizes(values: list, dictionary_limit: int = DICTIONARY_LIMIT) -> dict:
    """Bytes of `values` stored PLAIN and dictionary + RLE encoded, per the byte model above.

    Returns {"plain", "dictionary_page", "indices", "bit_width", "encoding"}.
    (about 20 lines)
    """
    # TODO: PLAIN size of one value: type(v) is int or float -> 8, str -> 4 + UTF-8 bytes,
    #       anything else (bool, bytes, None, ...) -> ValueError
    # TODO: plain = sum over values; dictionary_page = sum over the dictionary's values
    # TODO: bit_width = (len(dictionary) - 1).bit_length(), e.g. 2 entries -> 1, 16 -> 4, 1 -> 0
    # TODO: indices = 1 + sum(varint_size(length << 1) + ceil(bit_width / 8)) over the runs
    #       e.g. one run of 100 with bit width 1: 1 + (varint_size(200) = 2) + 1 = 4 bytes
    # TODO: encoding: "dictionary" if dictionary_page <= dictionary_limit and
    #       dictionary_page + indices < plain, else "plain"
    raise NotImplementedError("encoded_sizes")


# --- 2. Skipping row groups by min/max statistics ------------------------------------------

def row_group_stats(path: str, column: str) -> list[dict]:
    """Per row group: {"num_rows", "null_count", "min", "max"} of `column`, from the footer.

    (about 15 lines)
    """
    # TODO: metadata = pq.read_metadata(path); the column's position j from
    #       metadata.schema.to_arrow_schema().get_field_index(column) (-1 -> ValueError)
    # TODO: stats = metadata.row_group(r).column(j).statistics: None if none were written;
    #       min/max only if stats.has_min_max (an all-null chunk has none), null_count only if
    #       stats.has_null_count. e.g. {"num_rows": 1000, "null_count": 0, "min": 1, "max": 3}
    raise NotImplementedError("row_group_stats")


def filter_rows(path: str, column: str, lo=None, hi=None) -> tuple[pa.Table, int]:
    """Rows with lo <= column <= hi, reading only row groups that may hold one.

    Returns (matching rows with every column, in file order; row groups read).
    (about 25 lines)
    """
    # TODO: lo > hi (both given) -> ValueError("empty range: ...")
    # TODO: for each row group, decide from row_group_stats whether it may match (rules above)
    #       e.g. stats min 1, max 3 and lo = hi = 9 -> skip; min 8, max 9 -> read; no min/max -> read
    #       (unless num_rows == 0 or null_count == num_rows: skip)
    # TODO: pq.ParquetFile(path).read_row_group(r), then keep the rows whose value is not null
    #       and within [lo, hi]: pc.greater_equal, pc.less_equal, pc.and_, table.filter(mask)
    # TODO: pa.concat_tables(pieces); no pieces -> parquet_file.schema_arrow.empty_table(), 0
    raise NotImplementedError("filter_rows")

"""Visible tests for formats.row_vs_column. Run: pytest exercises/formats/test_row_vs_column.py"""
import math
import struct

import numpy as np
import pandas as pd
import pyarrow.parquet as pq
import pytest
from hypothesis import given
from hypothesis import strategies as st

from graders import kata
from graders.datagen import row_vs_column as data
from graders.meters.timing import assert_faster

rvc = kata("formats.row_vs_column")


def loop_mean_gain(dep, arr):
    """Independent oracle: a plain Python loop over two lists."""
    gains = [d - a for d, a in zip(dep, arr) if not (pd.isna(d) or pd.isna(a))]
    return math.fsum(gains) / len(gains)


# --- 1. pandas: columns, not rows ---------------------------------------------------------

def test_mean_gain_statement_example():
    df = pd.DataFrame({"dep_delay": [10.0, None, 0.0], "arr_delay": [4.0, 3.0, 2.0]})
    got = rvc.mean_gain(df)
    assert got == pytest.approx(2.0), f"mean_gain(dep [10, NaN, 0], arr [4, 3, 2]) returned {got}, expected 2.0"


def test_mean_gain_skips_a_missing_arr_delay_too():
    df = pd.DataFrame({"dep_delay": [5.0, 7.0, -3.0], "arr_delay": [1.0, np.nan, -9.0], "carrier": ["UA", "AA", "DL"]})
    got = rvc.mean_gain(df)
    assert got == pytest.approx(5.0), f"mean_gain(dep [5, 7, -3], arr [1, NaN, -9]) returned {got}, expected (4 + 6) / 2 = 5.0"


def test_mean_gain_matches_a_python_loop_on_5000_flights():
    df = data.synthetic_flights(5000, seed=3)
    expected = loop_mean_gain(df["dep_delay"].tolist(), df["arr_delay"].tolist())
    got = rvc.mean_gain(df)
    assert got == pytest.approx(expected, rel=1e-9), (
        f"mean_gain(synthetic_flights(5000)) returned {got}, a loop over the rows gives {expected}"
    )
    assert isinstance(got, float), f"mean_gain should return a float, got {type(got).__name__}"


@pytest.mark.parametrize(
    "df, message",
    [
        (pd.DataFrame({"dep_delay": [1.0]}), "missing column 'arr_delay'"),
        (pd.DataFrame({"arr_delay": [1.0]}), "missing column 'dep_delay'"),
        (pd.DataFrame({"dep_delay": [1.0, np.nan], "arr_delay": [np.nan, 2.0]}), "no flight has both"),
    ],
    ids=["no-arr_delay", "no-dep_delay", "no-row-with-both"],
)
def test_mean_gain_bad_input(df, message):
    with pytest.raises(ValueError, match=message):
        rvc.mean_gain(df)


@pytest.mark.perf
def test_mean_gain_is_50x_faster_than_iterrows():
    df = data.synthetic_flights(2000, seed=4)
    assert_faster(
        lambda: rvc.mean_gain_iterrows(df), lambda: rvc.mean_gain(df), at_least=50, rounds=3,
        what="mean_gain vs mean_gain_iterrows on 2,000 flights",
    )


# --- 2. NumPy: C order vs F order ---------------------------------------------------------

def test_byte_offset_statement_example():
    got = rvc.byte_offset((1, 2), (3, 4), "C"), rvc.byte_offset((1, 2), (3, 4), "F")
    assert got == (48, 56), f"byte_offset((1, 2), (3, 4)) in C and F order returned {got}, expected (48, 56)"


def test_byte_offset_of_a_real_array():
    for order in "CF":
        a = np.zeros((3, 5, 7), dtype=np.float32, order=order)
        for index in [(0, 0, 0), (2, 4, 6), (1, 3, 2), (0, 1, 0)]:
            element = a[tuple(slice(i, i + 1) for i in index)]
            expected = element.__array_interface__["data"][0] - a.__array_interface__["data"][0]
            got = rvc.byte_offset(index, a.shape, order, a.itemsize)
            assert got == expected, f"byte_offset({index}, (3, 5, 7), {order!r}, 4) returned {got}, numpy puts it at {expected}"


@given(st.lists(st.integers(1, 6), min_size=1, max_size=4).flatmap(
    lambda shape: st.tuples(st.just(tuple(shape)), st.tuples(*[st.integers(0, n - 1) for n in shape]))
), st.sampled_from("CF"), st.sampled_from([1, 4, 8]))
def test_byte_offset_matches_numpy(shape_index, order, itemsize):
    shape, index = shape_index
    expected = int(np.ravel_multi_index(index, shape, order=order)) * itemsize
    got = rvc.byte_offset(index, shape, order, itemsize)
    assert got == expected, f"byte_offset({index}, {shape}, {order!r}, {itemsize}) returned {got}, expected {expected}"


@pytest.mark.parametrize(
    "args, error",
    [
        (((0, 0), (2, 2), "K"), ValueError),
        (((0,), (2, 2), "C"), ValueError),
        (((2, 0), (2, 2), "C"), IndexError),
        (((0, -1), (2, 2), "F"), IndexError),
    ],
    ids=["order-K", "index-too-short", "index-too-big", "negative-index"],
)
def test_byte_offset_bad_input(args, error):
    with pytest.raises(error):
        rvc.byte_offset(*args)


@pytest.mark.parametrize("make", [
    lambda a: a, lambda a: np.asfortranarray(a), lambda a: a.T, lambda a: a[::2, 1:], lambda a: np.asfortranarray(a)[:, ::3],
], ids=["C", "F", "transposed", "row-slice", "F-column-slice"])
def test_sum_in_memory_order_is_the_sum(make):
    a = make(np.random.default_rng(5).random((40, 30)))
    got = rvc.sum_in_memory_order(a)
    expected = math.fsum(a.ravel())
    assert got == pytest.approx(expected, rel=1e-12), (
        f"sum_in_memory_order(shape {a.shape}, strides {a.strides}) returned {got}, expected {expected}"
    )


@pytest.mark.parametrize("a", [np.arange(5.0), np.zeros((2, 2, 2))], ids=["1-D", "3-D"])
def test_sum_in_memory_order_wants_2d(a):
    with pytest.raises(ValueError):
        rvc.sum_in_memory_order(a)


# --- 3. Parquet: column chunks and projection ---------------------------------------------

@pytest.fixture(scope="module")
def flights_parquet(tmp_path_factory):
    path = tmp_path_factory.mktemp("row_vs_column") / "flights.parquet"
    return data.write_parquet(data.synthetic_flights(20_000, seed=6), path, row_group_size=5000)


def footer_start(path):
    """The footer: ... <metadata> <4-byte little-endian length> b'PAR1' at the very end."""
    with open(path, "rb") as f:
        size = f.seek(0, 2)
        f.seek(size - 8)
        length, magic = struct.unpack("<I4s", f.read(8))
    assert magic == b"PAR1"
    return size - 8 - length


def test_column_chunks_of_all_columns_tile_the_data_region(flights_parquet):
    chunks = []
    for column in data.PARQUET_COLUMNS:
        got = rvc.column_chunks(flights_parquet, column)
        assert len(got) == 4, f"column_chunks(file, {column!r}) returned {len(got)} chunks, the file has 4 row groups"
        chunks += got
    chunks.sort()
    # Between the leading b"PAR1" and the footer, the file is nothing but column chunks.
    assert chunks[0][0] == 4, f"the first chunk should start at byte 4, right after b'PAR1', got {chunks[0]}"
    for (start, length), (next_start, _) in zip(chunks, chunks[1:]):
        assert start + length == next_start, f"chunk ({start}, {length}) should end where the next one starts, {next_start}"
    end = chunks[-1][0] + chunks[-1][1]
    assert end == footer_start(flights_parquet), f"the last chunk ends at {end}, the footer starts at {footer_start(flights_parquet)}"


def test_read_one_of_eight_columns_reads_under_a_third(flights_parquet):
    table, bytes_read = rvc.read_columns(flights_parquet, ["dep_delay"])
    expected = pq.read_table(flights_parquet, columns=["dep_delay"])
    assert table.equals(expected), f"read_columns(file, ['dep_delay']) returned columns {table.column_names}, {table.num_rows} rows"
    metadata = pq.read_metadata(flights_parquet)
    j = metadata.schema.to_arrow_schema().get_field_index("dep_delay")
    needed = sum(metadata.row_group(r).column(j).total_compressed_size for r in range(metadata.num_row_groups))
    size = footer_start(flights_parquet) + 8 + metadata.serialized_size
    assert needed <= bytes_read < size / 3, (
        f"read_columns(file, ['dep_delay']) read {bytes_read} bytes of a {size}-byte file; "
        f"its chunks are {needed} bytes, the budget is under {size // 3}"
    )


def test_read_columns_unknown_column(flights_parquet):
    with pytest.raises(ValueError, match="no column 'nope'"):
        rvc.read_columns(flights_parquet, ["dep_delay", "nope"])
    with pytest.raises(ValueError, match="no column 'nope'"):
        rvc.column_chunks(flights_parquet, "nope")


def test_byte_offset_index_must_be_a_tuple_of_ints():
    with pytest.raises(TypeError, match="byte_offset expects index as a tuple of ints, got an item of type float"):
        rvc.byte_offset((1, 2.0), (3, 4))

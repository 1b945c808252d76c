"""Visible tests for formats.parquet_by_hand. Run: pytest exercises/formats/test_parquet_by_hand.py"""
import pyarrow as pa
import pyarrow.parquet as pq
import pytest
from hypothesis import given
from hypothesis import strategies as st

from graders import kata
from graders.datagen import parquet_by_hand as data

pbh = kata("formats.parquet_by_hand")

# The book's Book relation (Table 3-2), its Publisher column.
PUBLISHERS = ["Banana Press", "Banana Press", "Guava Press", "Banana Press", "Guava Press"]


def model_sizes(values, limit=1_048_576):
    """Independent oracle: the statement's byte model, written out longhand."""
    def size(v):
        return 4 + len(v.encode("utf-8")) if isinstance(v, str) else 8

    seen = []
    for v in values:
        if v not in seen:
            seen.append(v)
    bit_width = 0
    while (1 << bit_width) < len(seen):
        bit_width += 1
    index = [seen.index(v) for v in values]
    runs, i = [], 0
    while i < len(index):
        j = i
        while j < len(index) and index[j] == index[i]:
            j += 1
        runs.append(j - i)
        i = j
    header = lambda n: len(format(n << 1, "b")) // 7 + (len(format(n << 1, "b")) % 7 > 0)  # noqa: E731
    indices = 1 + sum(header(n) + -(-bit_width // 8) for n in runs)
    plain, page = sum(map(size, values)), sum(map(size, seen))
    return {"plain": plain, "dictionary_page": page, "indices": indices, "bit_width": bit_width,
            "encoding": "dictionary" if page <= limit and page + indices < plain else "plain"}


# --- 1. Dictionary + RLE -------------------------------------------------------------------

def test_book_publishers_dictionary_is_in_first_seen_order():
    got = pbh.dictionary_encode(PUBLISHERS)
    expected = (["Banana Press", "Guava Press"], [0, 0, 1, 0, 1])
    assert tuple(got) == expected, f"dictionary_encode(publishers) returned {got}, expected {expected}"


def test_first_seen_is_not_sorted():
    got = pbh.dictionary_encode(["UA", "AA", "UA", "DL", "AA"])
    expected = (["UA", "AA", "DL"], [0, 1, 0, 2, 1])
    assert tuple(got) == expected, f"dictionary_encode(['UA', 'AA', 'UA', 'DL', 'AA']) returned {got}, expected {expected}"


@pytest.mark.parametrize("indices, runs", [
    ([0, 0, 1, 0, 1], [(0, 2), (1, 1), (0, 1), (1, 1)]),
    ([7, 7, 7, 2, 7], [(7, 3), (2, 1), (7, 1)]),
    ([], []),
    ([4], [(4, 1)]),
    ([3] * 100, [(3, 100)]),
])
def test_run_length_encode_named_cases(indices, runs):
    got = pbh.run_length_encode(indices)
    assert [tuple(r) for r in got] == runs, f"run_length_encode({indices[:10]}{'...' if len(indices) > 10 else ''}) returned {got}, expected {runs}"


def test_book_publishers_sizes():
    got = pbh.encoded_sizes(PUBLISHERS)
    expected = {"plain": 78, "dictionary_page": 31, "indices": 9, "bit_width": 1, "encoding": "dictionary"}
    assert got == expected, f"encoded_sizes(publishers) returned {got}, expected {expected}"


def test_low_cardinality_pays_off_and_unique_values_do_not():
    cities = sorted(list(data.CITIES) * 250)  # 2,000 values, 8 distinct, in 8 runs
    got = pbh.encoded_sizes(cities)
    assert got == model_sizes(cities), f"encoded_sizes(8 cities x 250, sorted) returned {got}, expected {model_sizes(cities)}"
    assert got["encoding"] == "dictionary" and got["dictionary_page"] + got["indices"] < got["plain"] / 50
    ids = list(range(1000))
    got = pbh.encoded_sizes(ids)
    assert got == model_sizes(ids), f"encoded_sizes(range(1000)) returned {got}, expected {model_sizes(ids)}"
    assert got["encoding"] == "plain", "1,000 distinct ints: a dictionary as big as the data does not pay off"


def test_a_dictionary_over_the_limit_falls_back_to_plain():
    values = [f"user-{i % 300:04d}" for i in range(3000)]
    assert pbh.encoded_sizes(values)["encoding"] == "dictionary"
    got = pbh.encoded_sizes(values, dictionary_limit=1000)
    assert got["encoding"] == "plain", f"dictionary page {got['dictionary_page']} bytes > limit 1000: expected 'plain', got {got}"


values_strategy = st.one_of(
    st.lists(st.sampled_from(["SF", "NYC", "LA", "Zürich"]), max_size=80),
    st.lists(st.integers(-5, 5), max_size=80),
    st.lists(st.text(alphabet="abé日 ", max_size=4), max_size=40),
)


@given(values_strategy)
def test_dictionary_matches_pyarrow_and_round_trips(values):
    dictionary, indices = pbh.dictionary_encode(values)
    if values:
        oracle = pa.array(values).dictionary_encode()
        assert list(dictionary) == oracle.dictionary.to_pylist(), f"dictionary_encode({values}) dictionary {dictionary}, pyarrow gives {oracle.dictionary.to_pylist()}"
        assert list(indices) == oracle.indices.to_pylist(), f"dictionary_encode({values}) indices {indices}, pyarrow gives {oracle.indices.to_pylist()}"
    back = pbh.dictionary_decode(dictionary, indices)
    assert list(back) == values, f"dictionary_decode(dictionary_encode({values})) returned {back}"


@given(st.lists(st.integers(0, 3), max_size=100))
def test_runs_are_maximal_and_round_trip(indices):
    runs = [tuple(r) for r in pbh.run_length_encode(indices)]
    assert all(n >= 1 for _, n in runs), f"run_length_encode({indices}) has a run shorter than 1: {runs}"
    assert all(a[0] != b[0] for a, b in zip(runs, runs[1:])), f"run_length_encode({indices}) has two neighbouring runs of one value: {runs}"
    back = pbh.run_length_decode(runs)
    assert list(back) == indices, f"run_length_decode({runs}) returned {back}, expected {indices}"


@given(values_strategy)
def test_sizes_follow_the_byte_model(values):
    got = pbh.encoded_sizes(values)
    assert got == model_sizes(values), f"encoded_sizes({values}) returned {got}, expected {model_sizes(values)}"


@pytest.mark.parametrize("call, message", [
    (lambda: pbh.dictionary_encode(["a", "b", "a", None]), "None at position 3"),
    (lambda: pbh.encoded_sizes([1, None]), "None at position 1"),
    (lambda: pbh.encoded_sizes([b"bytes"]), None),
    (lambda: pbh.dictionary_decode(["a"], [0, 1]), None),
    (lambda: pbh.dictionary_decode(["a", "b"], [-1]), None),
    (lambda: pbh.run_length_decode([(1, 2), (0, 0)]), None),
], ids=["none-in-dictionary", "none-in-sizes", "bytes-value", "index-too-big", "negative-index", "zero-run"])
def test_bad_input_raises_value_error(call, message):
    with pytest.raises(ValueError, match=message):
        call()


# --- 2. Skipping row groups -----------------------------------------------------------------

@pytest.fixture(scope="module")
def rides_file(tmp_path_factory):
    """20,000 rides in time order, 10 row groups of 2,000."""
    return data.write(data.rides(20_000, seed=1), tmp_path_factory.mktemp("pbh") / "rides.parquet", row_group_size=2000)


def full_scan(path, column, lo, hi, statistics=True):
    """Independent oracle: every row group's data, filtered in Python; and which groups may match."""
    parquet = pq.ParquetFile(path)
    table = parquet.read()
    keep = [v is not None and (lo is None or v >= lo) and (hi is None or v <= hi) for v in table.column(column).to_pylist()]
    needed = 0
    for r in range(parquet.num_row_groups):
        values = parquet.read_row_group(r, columns=[column]).column(0).to_pylist()
        present = [v for v in values if v is not None]
        if not values:  # an empty row group holds no match, statistics or not
            continue
        if not statistics:  # nothing is known about the row group: it must be read
            needed += 1
        elif present and (lo is None or max(present) >= lo) and (hi is None or min(present) <= hi):
            needed += 1
    return table.filter(pa.array(keep, pa.bool_())), needed


def check_filter(path, column, lo, hi, statistics=True):
    got, read = pbh.filter_rows(path, column, lo, hi)
    expected, needed = full_scan(path, column, lo, hi, statistics)
    assert got.num_rows == expected.num_rows and got.equals(expected), (
        f"filter_rows({column!r}, {lo!r}, {hi!r}) returned {got.num_rows} rows, a full scan finds {expected.num_rows}"
    )
    assert read == needed, f"filter_rows({column!r}, {lo!r}, {hi!r}) read {read} row groups, only {needed} may hold a match"
    return read


def test_row_group_stats_match_the_footer(rides_file):
    got = pbh.row_group_stats(rides_file, "month")
    metadata = pq.read_metadata(rides_file)
    assert len(got) == 10, f"row_group_stats(rides, 'month') returned {len(got)} dicts, the file has 10 row groups"
    for r, stats in enumerate(got):
        footer = metadata.row_group(r).column(1).statistics
        expected = {"num_rows": 2000, "null_count": footer.null_count, "min": footer.min, "max": footer.max}
        assert dict(stats) == expected, f"row_group_stats(rides, 'month')[{r}] is {stats}, the footer says {expected}"


def test_september_in_a_month_sorted_file_reads_few_row_groups(rides_file):
    read = check_filter(rides_file, "month", 9, 9)
    assert read <= 2, f"rides are sorted by month: September spans at most 2 of 10 row groups, {read} were read"


def test_price_is_not_sorted_so_every_row_group_is_read(rides_file):
    assert check_filter(rides_file, "price", 20.0, 25.0) == 10


def test_bounds_are_inclusive(rides_file):
    top = pbh.row_group_stats(rides_file, "ride_id")[3]["max"]
    read = check_filter(rides_file, "ride_id", top, top + 10)
    assert read == 2, f"filter_rows('ride_id', {top}, {top + 10}): row group 3 ends at {top} and must be read, with group 4"


def test_strings_and_open_bounds(rides_file):
    check_filter(rides_file, "city", "San Francisco", "San Francisco")
    check_filter(rides_file, "month", None, 2)
    check_filter(rides_file, "ride_id", 19_990, None)


def test_without_statistics_every_row_group_is_read(tmp_path):
    path = data.write(data.rides(4000, seed=2), tmp_path / "nostats.parquet", row_group_size=1000, write_statistics=False)
    assert check_filter(path, "month", 9, 9, statistics=False) == 4


def test_bad_ranges_and_columns(rides_file):
    with pytest.raises(ValueError, match="empty range"):
        pbh.filter_rows(rides_file, "month", 10, 9)
    with pytest.raises(ValueError, match="no column 'fare'"):
        pbh.filter_rows(rides_file, "fare", 1, 2)
    with pytest.raises(ValueError, match="no column 'fare'"):
        pbh.row_group_stats(rides_file, "fare")


def test_values_must_be_a_list_not_a_str():
    with pytest.raises(TypeError, match="dictionary_encode expects values as a list, got str"):
        pbh.dictionary_encode("abca")

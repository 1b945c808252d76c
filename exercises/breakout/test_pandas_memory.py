"""Visible tests for breakout.pandas_memory. Run: pytest exercises/breakout/test_pandas_memory.py"""
import os
import tempfile

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from graders import kata
from graders.datagen import pandas_memory as data
from graders.meters.memory import flamegraph, peak_memory

pm = kata("breakout.pandas_memory")

SIX_FLIGHTS = (
    "month,carrier,dep_delay,arr_delay\n1,UA,2,11\n1,UA,4,NA\n1,AA,-1,-18\n2,UA,,\n2,UA,0,7\n2,AA,5,1\n"
)
RATIO_BUDGET = 0.3  # lean peak / naive peak, same test


def write(folder, text, name="flights.csv"):
    path = os.path.join(str(folder), name)
    with open(path, "w") as f:
        f.write(text)
    return path


def expected_frame(rows):
    return pd.DataFrame(rows, columns=data.RESULT_COLUMNS)


@pytest.fixture(scope="module")
def real_flights(tmp_path_factory):
    return data.real_flights_csv(tmp_path_factory.mktemp("flights"))


def test_six_flights_from_the_statement(tmp_path):
    path = write(tmp_path, SIX_FLIGHTS)
    got = pm.lean_delays(path)
    expected = expected_frame([("AA", 1, 1, -18.0), ("AA", 2, 1, 1.0), ("UA", 1, 2, 11.0), ("UA", 2, 2, 7.0)])
    data.compare(got, expected, "lean_delays(six flights)")
    assert list(got.columns) == data.RESULT_COLUMNS, (
        f"lean_delays(six flights) has columns {list(got.columns)}, expected {data.RESULT_COLUMNS}"
    )


def test_flights_without_arr_delay_count_and_a_group_without_any_has_no_mean(tmp_path):
    path = write(tmp_path, "carrier,month,arr_delay\nHA,3,NA\nHA,3,\nHA,4,10\nHA,4,NA\nHA,4,20\n")
    got = pm.lean_delays(path)
    expected = expected_frame([("HA", 3, 2, np.nan), ("HA", 4, 3, 15.0)])
    data.compare(got, expected, "lean_delays(HA: 2 flights in March, none arrived; 3 in April, 2 arrived)")


def test_small_generated_file_with_columns_in_another_order(tmp_path):
    path = data.write_flights_like(tmp_path / "shuffled.csv", 3000, seed=11,
                                   columns=sorted(data.FLIGHTS_COLUMNS), missing="NA")
    data.compare(pm.lean_delays(path), data.baseline_delays(path), "lean_delays(3,000 rows, columns sorted by name)")


def test_memory_report_of_six_flights(tmp_path):
    path = write(tmp_path, SIX_FLIGHTS)
    report = pm.memory_report(path)
    assert list(report.index) == ["month", "carrier", "dep_delay", "arr_delay"], (
        f"memory_report(six flights) has rows {list(report.index)}, expected the CSV's columns in file order"
    )
    # csv_bytes by hand: month "1," x 6 = 12; carrier "UA," x 6 = 18; dep_delay "2,4,-1,,0,5" = 6 + 6 separators;
    # arr_delay "11,NA,-18,,7,1" = 9 + 6 separators.
    carrier_bytes = int(pd.read_csv(path)["carrier"].memory_usage(index=False, deep=True))
    expected = {
        "month": ("int64", 12, 48),
        "carrier": ("str", 18, carrier_bytes),
        "dep_delay": ("float64", 12, 48),
        "arr_delay": ("float64", 15, 48),
    }
    for column, (dtype, csv_bytes, pandas_bytes) in expected.items():
        got = tuple(report.loc[column, ["dtype", "csv_bytes", "pandas_bytes"]])
        assert (str(got[0]), int(got[1]), int(got[2])) == (dtype, csv_bytes, pandas_bytes), (
            f"memory_report(six flights) row {column!r} is {got}, expected {(dtype, csv_bytes, pandas_bytes)}"
        )
        ratio = float(report.loc[column, "ratio"])
        assert ratio == pytest.approx(pandas_bytes / csv_bytes), (
            f"memory_report(six flights) ratio of {column!r} is {ratio}, expected {pandas_bytes}/{csv_bytes}"
        )


def test_memory_report_of_20000_real_flights(tmp_path, real_flights):
    with open(real_flights, "rb") as src:
        head = b"".join(src.readline() for _ in range(20_001))
    path = tmp_path / "head.csv"
    path.write_bytes(head)
    report = pm.memory_report(str(path))
    oracle = data.csv_bytes_oracle(path)
    got = {c: int(report.loc[c, "csv_bytes"]) for c in report.index}
    assert got == oracle, f"memory_report(20,000 flights) csv_bytes {got}, expected {oracle}"
    header = len(head.split(b"\n", 1)[0]) + 1
    assert sum(got.values()) == len(head) - header, "csv_bytes should add up to the file size minus its header"
    frame = pd.read_csv(path)
    for column in frame.columns:
        expected = int(frame[column].memory_usage(index=False, deep=True))
        assert int(report.loc[column, "pandas_bytes"]) == expected, (
            f"memory_report(20,000 flights) pandas_bytes of {column!r} is {report.loc[column, 'pandas_bytes']}, "
            f"expected {expected} (deep memory usage)"
        )
    # The lesson: a number costs 8 bytes whatever its text; month ("1,".."12,") is 3.5x its text.
    assert float(report.loc["month", "ratio"]) > 3, f"month's ratio is {report.loc['month', 'ratio']}, expected > 3"


@pytest.mark.parametrize("column", data.NEEDED)
def test_csv_without_a_needed_column(tmp_path, column):
    header = [c for c in ("carrier", "month", "arr_delay", "origin") if c != column]
    values = {"carrier": "UA", "month": 1, "arr_delay": 5, "origin": "EWR"}
    path = data.write_rows(tmp_path / "partial.csv", header, [[values[c] for c in header]])
    with pytest.raises(ValueError, match=f"['\"]{column}['\"]"):  # the message names it
        pm.lean_delays(path)


def test_missing_file(tmp_path):
    with pytest.raises(FileNotFoundError):
        pm.lean_delays(str(tmp_path / "no_such_flights.csv"))


@pytest.mark.memory
def test_real_flights_at_under_a_third_of_the_naive_peak(tmp_path, real_flights):
    tiny = write(tmp_path, SIX_FLIGHTS, "warm_up.csv")
    pm.lean_delays(tiny)  # a first call pays for imports and caches: keep it out of the peak
    data.baseline_delays(tiny)
    with data.reader_threads():
        naive = peak_memory(data.baseline_delays, real_flights)
        lean = peak_memory(pm.lean_delays, real_flights)
    data.compare(lean.result, naive.result, "lean_delays(real flights)")
    size = os.path.getsize(real_flights)
    ratio = lean.bytes / naive.bytes
    assert ratio <= RATIO_BUDGET, (
        f"too much memory: lean_delays(real flights, {size / 2**20:.1f} MiB) peaked at {lean.mib:.1f} MiB, "
        f"naive at {naive.mib:.1f} MiB: ratio {ratio:.2f}, budget {RATIO_BUDGET} "
        f"(lean = {lean.bytes / size:.1f}x the file, naive = {naive.bytes / size:.1f}x)"
    )


@pytest.mark.memory
def test_flame_graph_of_lean_delays(tmp_path):
    path = write(tmp_path, SIX_FLIGHTS)
    html = tmp_path / "lean.html"
    peak = flamegraph(pm.lean_delays, path, out_html=html)
    data.compare(peak.result, data.baseline_delays(path), "lean_delays(six flights) under memray")
    assert html.is_file() and html.stat().st_size > 10_000, f"flamegraph wrote no HTML report to {html}"
    assert "memray" in html.read_text(encoding="utf-8")[:200_000].lower(), f"{html} is not memray's flame graph"


def brute_force(rows):
    """The expected frame, counted in plain Python: (carrier, month) -> flights, sum and count of delays."""
    groups = {}
    for carrier, month, delay in rows:
        flights, total, arrived = groups.get((carrier, month), (0, 0, 0))
        groups[(carrier, month)] = (flights + 1, total + (delay or 0), arrived + (delay is not None))
    return expected_frame([(c, m, n, s / k if k else np.nan) for (c, m), (n, s, k) in sorted(groups.items())])


@settings(max_examples=20)  # each example writes and reads a file
@given(
    st.lists(
        st.tuples(
            st.sampled_from(["UA", "AA", "B6", "9E"]),
            st.integers(1, 12),
            st.one_of(st.none(), st.integers(-60, 600)),
            st.integers(0, 9999),
        ),
        min_size=1,
        max_size=60,
    )
)
def test_any_small_table_matches_a_count_by_hand(rows):
    with tempfile.TemporaryDirectory() as folder:
        path = data.write_rows(os.path.join(folder, "rows.csv"), ["flight", "carrier", "month", "arr_delay"],
                               [(f, c, m, d) for c, m, d, f in rows])
        expected = brute_force([(c, m, d) for c, m, d, _ in rows])
        data.compare(pm.lean_delays(path), expected, f"lean_delays({len(rows)} random rows)")


def test_lean_delays_takes_a_path_not_a_frame():
    with pytest.raises(TypeError, match="lean_delays expects path as a str or os.PathLike, got NoneType"):
        pm.lean_delays(None)

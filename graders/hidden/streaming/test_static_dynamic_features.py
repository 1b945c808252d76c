"""Hidden tests for streaming.static_dynamic_features: bigger logs, late arrivals, window edges,
point-in-time ratings (checked against a DuckDB query written here), bad input."""
import math

import duckdb
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from graders import kata
from graders.datagen.static_dynamic_features import brute_features, brute_ratings, ride_log

sdf = kata("streaming.static_dynamic_features")


def same(got, expected):
    if set(got) != {"rides_in_area", "median_price_last_10"} or got["rides_in_area"] != expected["rides_in_area"]:
        return False
    a, b = got["median_price_last_10"], expected["median_price_last_10"]
    return (a is None and b is None) or (a is not None and b is not None and math.isclose(a, b, rel_tol=1e-9))


def ev(ts, area, price, **extra):
    return {"ts": float(ts), "area": area, "price": price, **extra}


def test_exactly_ten_then_eleven_rides():
    prices = [1, 2, 3, 4, 5, 6, 7, 8, 9, 100, 100]
    f = sdf.AreaFeatures()
    out = [f.update(ev(i, "SoMa", p)) for i, p in enumerate(prices)]
    assert same(out[9], {"rides_in_area": 10, "median_price_last_10": 5.5}), f"prices 1..9, 100: update returned {out[9]}, expected median 5.5"
    assert same(out[10], {"rides_in_area": 11, "median_price_last_10": 6.5}), f"then 100 again: update returned {out[10]}, expected median 6.5 over 2..9, 100, 100"
    batch = sdf.batch_features([ev(i, "SoMa", p) for i, p in enumerate(prices)])
    assert same(batch[10], out[10]), f"batch_features row 10 is {batch[10]}, update returned {out[10]}"


def test_ride_count_keeps_going_past_ten():
    events = [ev(i, "Oakland", 10 + i % 3) for i in range(25)]
    f = sdf.AreaFeatures()
    last = [f.update(e) for e in events][-1]
    assert last["rides_in_area"] == 25, f"after 25 rides update returned rides_in_area {last['rides_in_area']}, expected 25"
    batch = sdf.batch_features(events)
    assert [b["rides_in_area"] for b in batch] == list(range(1, 26)), f"batch rides_in_area: {[b['rides_in_area'] for b in batch]}"


def test_even_count_takes_the_mean_of_the_middle_two_not_one_of_them():
    events = [ev(0, "SJ", 10), ev(1, "SJ", 30), ev(2, "SJ", 20), ev(3, "SJ", 40)]
    f = sdf.AreaFeatures()
    out = [f.update(e) for e in events]
    assert math.isclose(out[1]["median_price_last_10"], 20.0), f"prices 10, 30: median {out[1]['median_price_last_10']}, expected 20.0"
    assert math.isclose(out[3]["median_price_last_10"], 25.0), f"prices 10, 30, 20, 40: median {out[3]['median_price_last_10']}, expected 25.0"
    batch = sdf.batch_features(events)
    assert [b["median_price_last_10"] for b in batch] == pytest.approx([10.0, 20.0, 20.0, 25.0]), f"batch medians {batch}"


def test_late_arrival_does_not_leak_into_earlier_rows():
    # The third event happened first (ts=1) but arrived last: rows 0 and 1 must not see it.
    events = [ev(5, "SF", 10), ev(6, "SF", 20), ev(1, "SF", 1000)]
    got = sdf.batch_features(events)
    expected = [{"rides_in_area": 1, "median_price_last_10": 10.0}, {"rides_in_area": 2, "median_price_last_10": 15.0},
                {"rides_in_area": 3, "median_price_last_10": 20.0}]
    for i in range(3):
        assert same(got[i], expected[i]), f"batch_features(late arrival)[{i}] is {got[i]}, expected {expected[i]} (arrival order, not ts)"


def test_equal_timestamps_follow_arrival_order():
    events = [ev(7, "SF", p) for p in (50, 10, 40, 20)]
    got = [b["median_price_last_10"] for b in sdf.batch_features(events)]
    assert got == pytest.approx([50.0, 30.0, 40.0, 30.0]), f"four rides at the same ts: batch medians {got}, expected [50, 30, 40, 30]"


def test_a_day_of_rides_with_late_arrivals():
    log = ride_log(600, n_areas=6, n_drivers=30, late_share=0.3, seed=42)
    expected = brute_features(log)
    f = sdf.AreaFeatures()
    streamed = [f.update(e) for e in log]
    batch = sdf.batch_features(log)
    assert len(batch) == len(log), f"batch_features returned {len(batch)} rows for {len(log)} events"
    for i in range(len(log)):
        assert same(streamed[i], expected[i]), f"update(log[{i}]) returned {streamed[i]}, expected {expected[i]}"
        assert same(batch[i], expected[i]), f"batch_features(log)[{i}] is {batch[i]}, expected {expected[i]}"
    for area in {e["area"] for e in log}:
        last = max(i for i, e in enumerate(log) if e["area"] == area)
        assert same(f.peek(area), expected[last]), f"peek({area!r}) returned {f.peek(area)}, expected {expected[last]}"


def test_extra_keys_int_prices_and_free_rides():
    f = sdf.AreaFeatures()
    f.update({"ts": 1, "area": "SF", "price": 0, "driver": "d1", "rating": 5})
    got = f.update({"ts": 2, "area": "SF", "price": 7, "surge": True})
    assert same(got, {"rides_in_area": 2, "median_price_last_10": 3.5}), f"prices 0, 7: update returned {got}"
    assert isinstance(got["median_price_last_10"], float), f"the median should be a float, got {type(got['median_price_last_10']).__name__}"
    assert isinstance(got["rides_in_area"], int), "rides_in_area should be an int"


def sql_ratings(history, as_of):
    """Oracle written here: DuckDB over an Arrow table, NULL ratings skipped by avg()."""
    con = duckdb.connect()
    frame = pd.DataFrame(history)
    con.register("h", frame)
    rows = con.execute("SELECT driver, avg(rating) FROM h WHERE ts < ? GROUP BY driver", [as_of]).fetchall()
    con.close()
    return dict(rows)


@pytest.mark.parametrize("cut", [0.2, 0.5, 1.0])
def test_driver_ratings_point_in_time_on_a_big_history(cut):
    log = ride_log(4000, n_drivers=60, seed=7)
    ts = sorted(r["ts"] for r in log)
    as_of = ts[min(len(ts) - 1, int(cut * len(ts)))] + (1.0 if cut == 1.0 else 0.0)
    got = sdf.driver_ratings(log, as_of=as_of)
    expected = sql_ratings(log, as_of)
    assert brute_ratings(log, as_of).keys() == expected.keys()
    assert got.keys() == expected.keys(), f"driver_ratings(as_of={as_of}) has {len(got)} drivers, expected {len(expected)}"
    for d, r in expected.items():
        assert (got[d] is None and r is None) or math.isclose(got[d], r), f"driver_ratings(...)[{d!r}] = {got[d]}, expected {r}"


def test_unrated_rides_do_not_pull_the_rating_down():
    history = [{"ts": i, "driver": "ana", "rating": r} for i, r in enumerate([None, None, 5, None, 3])]
    got = sdf.driver_ratings(history)
    assert got == {"ana": 4.0}, f"ratings None, None, 5, None, 3: driver_ratings returned {got}, expected {{'ana': 4.0}}"
    frame = pd.DataFrame(history)  # None becomes NaN in a float column
    got = sdf.driver_ratings(frame)
    assert got == {"ana": 4.0}, f"the same as a DataFrame (NaN ratings): returned {got}"


def test_as_of_is_strict_and_can_exclude_everyone():
    history = [{"ts": 10, "driver": "ana", "rating": 2}, {"ts": 20, "driver": "ana", "rating": 4},
               {"ts": 20, "driver": "bo", "rating": 5}]
    assert sdf.driver_ratings(history, as_of=20) == {"ana": 2.0}, f"as_of=20 returned {sdf.driver_ratings(history, as_of=20)}, rides at ts 20 are not in yet"
    assert sdf.driver_ratings(history, as_of=20.5) == {"ana": 3.0, "bo": 5.0}
    assert sdf.driver_ratings(history, as_of=10) == {}, f"as_of=10 returned {sdf.driver_ratings(history, as_of=10)}, expected {{}}"


def test_late_rides_for_ratings_do_not_count_before_they_happen():
    history = [{"ts": 100, "driver": "ana", "rating": 5}, {"ts": 50, "driver": "ana", "rating": 1}]
    assert sdf.driver_ratings(history, as_of=60) == {"ana": 1.0}, f"returned {sdf.driver_ratings(history, as_of=60)}: as_of filters by ts"


events_strategy = st.lists(
    st.builds(
        ev,
        st.integers(0, 30),
        st.sampled_from(["SF", "LA", "NY", "SJ"]),
        st.one_of(st.integers(0, 9), st.integers(0, 10_000_000).map(lambda cents: cents / 100)),
    ),
    max_size=60,
)


@given(events_strategy)
def test_stream_equals_a_recomputation_over_the_prefix(events):
    expected = brute_features(events)
    f = sdf.AreaFeatures()
    for i, event in enumerate(events):
        got = f.update(event)
        assert same(got, expected[i]), f"update(events[{i}]) returned {got}, expected {expected[i]} (events {events[: i + 1]})"


@settings(max_examples=60)  # one DuckDB query an example
@given(events_strategy)
def test_batch_equals_the_stream(events):
    f = sdf.AreaFeatures()
    streamed = [f.update(e) for e in events]
    batch = sdf.batch_features(events)
    assert len(batch) == len(events)
    for i in range(len(events)):
        assert same(batch[i], streamed[i]), f"batch_features(events)[{i}] is {batch[i]}, update returned {streamed[i]} (events {events})"


@settings(max_examples=40)  # two DuckDB queries an example
@given(events_strategy, events_strategy, st.data())
def test_rewriting_the_future_changes_no_past_row(events, other_tail, data):
    cut = data.draw(st.integers(0, len(events)), label="cut")
    before = sdf.batch_features(events)
    after = sdf.batch_features(events[:cut] + other_tail)
    for i in range(cut):
        assert same(before[i], after[i]), f"row {i} changed from {before[i]} to {after[i]} when only events from {cut} on changed"


@pytest.mark.parametrize(
    "event, match",
    [
        (["ts", "area", "price"], "dict"),
        ({"ts": 1.0, "area": 7, "price": 3.0}, "area"),
        ({"ts": float("nan"), "area": "SF", "price": 3.0}, "ts"),
        ({"ts": "noon", "area": "SF", "price": 3.0}, "ts"),
        ({"ts": 1.0, "area": "SF", "price": "3"}, "price"),
        ({"ts": 1.0, "area": "SF", "price": True}, "price"),
        ({"ts": 1.0, "area": "SF", "price": float("inf")}, "price"),
        ({"ts": 1.0, "area": "SF", "price": None}, "price"),
    ],
    ids=["not-a-dict", "area-not-str", "nan-ts", "str-ts", "str-price", "bool-price", "inf-price", "none-price"],
)
def test_more_bad_events(event, match):
    f = sdf.AreaFeatures()
    with pytest.raises(ValueError, match=match):
        f.update(event)
    assert f.peek("SF") == {"rides_in_area": 0, "median_price_last_10": None}, f"a rejected event changed peek('SF'): {f.peek('SF')}"


def test_batch_error_names_the_position():
    events = [ev(0, "SF", 1.0), ev(1, "SF", 2.0), ev(2, "SF", 3.0), {"ts": 3.0, "area": "SF"}]
    with pytest.raises(ValueError, match=r"event 3\b.*price"):
        sdf.batch_features(events)


@pytest.mark.parametrize(
    "history, match",
    [
        ([{"ts": 1, "driver": "ana", "rating": 5.5}], "ana"),
        ([{"ts": 1, "driver": "ana", "rating": 4}, {"ts": 2, "driver": "zed", "rating": -1}], "zed"),
        (pd.DataFrame({"ts": [1], "driver": ["ana"]}), "rating"),
        (pd.DataFrame({"driver": ["ana"], "rating": [3]}), "ts"),
    ],
    ids=["rating-5.5", "negative-rating", "frame-no-rating", "frame-no-ts"],
)
def test_more_bad_history(history, match):
    with pytest.raises(ValueError, match=match):
        sdf.driver_ratings(history)


@pytest.mark.parametrize("events, got", [(None, "NoneType"), ({"ts": 1.0, "area": "a", "price": 2.0}, "dict"),
                                         ("events.csv", "str")])
def test_batch_features_takes_a_list_of_events(events, got):
    with pytest.raises(ValueError, match=f"^events must be a list of dicts, got {got}"):
        sdf.batch_features(events)


@pytest.mark.parametrize("history, got", [(None, "NoneType"), ({"ts": 1.0, "driver": "d1", "rating": 5}, "dict")])
def test_driver_ratings_takes_a_list_or_a_frame(history, got):
    with pytest.raises(ValueError, match=f"^history must be a list of dicts or a DataFrame, got {got}"):
        sdf.driver_ratings(history)


def test_peek_takes_an_area_name():
    f = sdf.AreaFeatures()
    f.update({"ts": 1.0, "area": "soma", "price": 10.0})
    with pytest.raises(ValueError, match="^area must be a str, got NoneType"):
        f.peek(None)
    with pytest.raises(ValueError, match="^area must be a str, got list"):
        f.peek(["soma"])
    assert f.peek("soma") == {"rides_in_area": 1, "median_price_last_10": 10.0}


@pytest.mark.parametrize("as_of", ["noon", [10.0]], ids=["str", "list"])
def test_as_of_of_the_wrong_type_is_refused(as_of):
    # "Arguments of the wrong type raise ValueError too": not a TypeError from a comparison.
    history = [{"ts": 1, "driver": "ana", "rating": 4}]
    with pytest.raises(ValueError):
        sdf.driver_ratings(history, as_of=as_of)

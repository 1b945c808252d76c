"""Visible tests for streaming.static_dynamic_features. Run: pytest exercises/streaming/test_static_dynamic_features.py"""
import math

import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from graders import kata
from graders.datagen.static_dynamic_features import brute_features, brute_ratings, ride_log

sdf = kata("streaming.static_dynamic_features")

# One area's prices; after 10 rides the median is (15 + 18) / 2, after the 11th the 12 drops out.
SF_PRICES = [12, 15, 9, 30, 22, 18, 11, 25, 14, 20, 40]


def same(got, expected):
    """Feature dicts equal: counts exactly, medians within 1e-9 relative."""
    if set(got) != set(expected) or got["rides_in_area"] != expected["rides_in_area"]:
        return False
    a, b = got["median_price_last_10"], expected["median_price_last_10"]
    return (a is None and b is None) or (a is not None and b is not None and math.isclose(a, b, rel_tol=1e-9))


def rides(area, prices, start=0.0):
    return [{"ts": start + 60.0 * i, "area": area, "price": p} for i, p in enumerate(prices)]


def test_median_of_the_last_10_rides_in_an_area():
    f = sdf.AreaFeatures()
    out = [f.update(e) for e in rides("SF", SF_PRICES)]
    expected10 = {"rides_in_area": 10, "median_price_last_10": 16.5}
    expected11 = {"rides_in_area": 11, "median_price_last_10": 19.0}
    assert same(out[9], expected10), f"update(10th ride) returned {out[9]}, expected {expected10}"
    assert same(out[10], expected11), f"update(11th ride, price 40) returned {out[10]}, expected {expected11}: the first price (12) left the last 10"
    assert same(out[0], {"rides_in_area": 1, "median_price_last_10": 12.0}), f"update(first ride) returned {out[0]}"


def test_an_even_count_averages_the_two_middle_prices():
    f = sdf.AreaFeatures()
    f.update({"ts": 1.0, "area": "SF", "price": 12.0})
    got = f.update({"ts": 2.0, "area": "SF", "price": 20.0})
    assert same(got, {"rides_in_area": 2, "median_price_last_10": 16.0}), f"after prices 12, 20: update returned {got}, expected median 16.0"
    got = f.update({"ts": 3.0, "area": "SF", "price": 1.0})
    assert same(got, {"rides_in_area": 3, "median_price_last_10": 12.0}), f"after prices 12, 20, 1: update returned {got}, expected median 12.0"


def test_areas_are_independent_and_peek_changes_nothing():
    f = sdf.AreaFeatures()
    f.update({"ts": 1.0, "area": "SF", "price": 10.0})
    f.update({"ts": 2.0, "area": "Oakland", "price": 30.0})
    got = f.update({"ts": 3.0, "area": "SF", "price": 20.0})
    assert same(got, {"rides_in_area": 2, "median_price_last_10": 15.0}), f"SF after 10, (Oakland 30), 20: update returned {got}"
    for _ in range(3):
        peeked = f.peek("Oakland")
    assert same(peeked, {"rides_in_area": 1, "median_price_last_10": 30.0}), f"peek('Oakland') returned {peeked}"
    empty = f.peek("Berkeley")
    assert empty == {"rides_in_area": 0, "median_price_last_10": None}, f"peek of an area with no rides returned {empty}"


def test_batch_features_replays_the_same_numbers():
    events = rides("SF", SF_PRICES) + rides("LA", [5, 7], start=30.0)
    got = sdf.batch_features(events)
    expected = brute_features(events)
    assert len(got) == len(events), f"batch_features returned {len(got)} rows for {len(events)} events"
    for i, (g, e) in enumerate(zip(got, expected)):
        assert same(g, e), f"batch_features(...)[{i}] is {g}, expected {e}"
    assert sdf.batch_features([]) == [], "batch_features([]) should be []"


def test_driver_ratings_statement_example():
    history = [{"ts": 1, "driver": "ana", "rating": 5}, {"ts": 2, "driver": "ana", "rating": 4},
               {"ts": 3, "driver": "ana", "rating": None}, {"ts": 4, "driver": "bo", "rating": 3}]
    got = sdf.driver_ratings(history)
    assert got == {"ana": 4.5, "bo": 3.0}, f"driver_ratings(statement history) returned {got}, expected {{'ana': 4.5, 'bo': 3.0}}"
    got = sdf.driver_ratings(pd.DataFrame(history))
    assert got == {"ana": 4.5, "bo": 3.0}, f"driver_ratings(the same history as a DataFrame) returned {got}"
    got = sdf.driver_ratings(history, as_of=2)
    assert got == {"ana": 5.0}, f"driver_ratings(history, as_of=2) returned {got}, expected {{'ana': 5.0}}: only rides with ts < 2"
    got = sdf.driver_ratings([{"ts": 1, "driver": "cy", "rating": None}])
    assert got == {"cy": None}, f"a driver with only unrated rides: driver_ratings returned {got}, expected {{'cy': None}}"
    assert sdf.driver_ratings([]) == {}, "driver_ratings([]) should be {}"


def test_a_ride_log_static_and_dynamic():
    log = ride_log(150, seed=1)
    got = sdf.driver_ratings(log)
    expected = brute_ratings(log)
    assert got.keys() == expected.keys(), f"driver_ratings(log) has drivers {sorted(got)}, expected {sorted(expected)}"
    for d in expected:
        assert math.isclose(got[d], expected[d]), f"driver_ratings(log)[{d!r}] = {got[d]}, expected {expected[d]}"
    f = sdf.AreaFeatures()
    expected = brute_features(log)
    batch = sdf.batch_features(log)
    for i, event in enumerate(log):
        streamed = f.update(event)
        assert same(streamed, expected[i]), f"update(log[{i}]) returned {streamed}, recomputing over log[:{i + 1}] gives {expected[i]}"
        assert same(batch[i], streamed), f"batch_features(log)[{i}] is {batch[i]} but update() returned {streamed}"


events_strategy = st.lists(
    st.builds(
        lambda ts, area, price: {"ts": ts, "area": area, "price": price},
        st.integers(0, 50).map(float),  # random ts: arrival order is not ts order
        st.sampled_from(["SF", "LA", "NY"]),
        st.one_of(st.integers(0, 20), st.integers(0, 100_000).map(lambda cents: cents / 100)),  # dollars and cents
    ),
    max_size=40,
)


@given(events_strategy)
def test_stream_and_batch_equal_a_recomputation_over_the_prefix(events):
    expected = brute_features(events)
    f = sdf.AreaFeatures()
    batch = sdf.batch_features(events)
    for i, event in enumerate(events):
        got = f.update(event)
        assert same(got, expected[i]), f"update(events[{i}]) returned {got}, expected {expected[i]} (events {events[: i + 1]})"
        assert same(batch[i], expected[i]), f"batch_features(events)[{i}] is {batch[i]}, expected {expected[i]} (events {events})"


@settings(max_examples=20)  # two DuckDB queries an example
@given(events_strategy, events_strategy, st.data())
def test_no_feature_sees_a_later_event(events, other_tail, data):
    cut = data.draw(st.integers(0, len(events)), label="cut")
    before = sdf.batch_features(events)[:cut]
    after = sdf.batch_features(events[:cut] + other_tail)[:cut]
    for i in range(cut):
        assert same(before[i], after[i]), (
            f"batch_features row {i} changed from {before[i]} to {after[i]} when only events after {cut - 1} changed"
        )


@pytest.mark.parametrize(
    "event, key",
    [
        ({"ts": 1.0, "area": "SF"}, "price"),
        ({"ts": 1.0, "price": 3.0}, "area"),
        ({"area": "SF", "price": 3.0}, "ts"),
        ({"ts": 1.0, "area": "SF", "price": -2.0}, "price"),
        ({"ts": 1.0, "area": "SF", "price": float("nan")}, "price"),
    ],
    ids=["no-price", "no-area", "no-ts", "negative-price", "nan-price"],
)
def test_bad_event_raises_value_error_naming_the_key_and_changes_nothing(event, key):
    f = sdf.AreaFeatures()
    f.update({"ts": 0.0, "area": "SF", "price": 10.0})
    with pytest.raises(ValueError, match=key):
        f.update(event)
    got = f.peek("SF")
    assert same(got, {"rides_in_area": 1, "median_price_last_10": 10.0}), f"after a rejected event peek('SF') returned {got}"
    with pytest.raises(ValueError, match=key):
        sdf.batch_features([{"ts": 0.0, "area": "SF", "price": 1.0}, event])


@pytest.mark.parametrize(
    "history, name",
    [
        ([{"ts": 1, "driver": "ana"}], "rating"),
        ([{"ts": 1, "rating": 5}], "driver"),
        ([{"driver": "ana", "rating": 5}], "ts"),
        ([{"ts": 1, "driver": "ana", "rating": 6}], "ana"),
        ([{"ts": 1, "driver": "bo", "rating": 0}], "bo"),
    ],
    ids=["no-rating", "no-driver", "no-ts", "rating-6", "rating-0"],
)
def test_bad_history_raises_value_error(history, name):
    with pytest.raises(ValueError, match=name):
        sdf.driver_ratings(history)


def test_batch_features_of_one_event_dict_is_refused():
    with pytest.raises(ValueError, match="events must be a list of dicts, got dict"):
        sdf.batch_features({"ts": 1.0, "area": "soma", "price": 10.0})

"""Visible tests for storage.ride_store. Run: pytest exercises/storage/test_ride_store.py"""
import itertools
import statistics
from datetime import datetime

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from graders import kata
from graders.datagen import ride_store as gen

rs = kata("storage.ride_store")
STORES = ["RowStore", "ColumnStore"]

RIDE = {"ride_id": 1, "driver_id": 7, "rider_id": 42, "city": "San Francisco",
        "pickup": datetime(2021, 9, 3, 8, 15), "dropoff": datetime(2021, 9, 3, 8, 40),
        "distance_km": 6.2, "price": 18.5, "payment": "card",
        "pickup_address": "Market St & 4th St", "dropoff_address": "Pier 39"}
_folders = itertools.count()


def open_store(kind, folder):
    return getattr(rs, kind)(str(folder))


def python_average(rides, city, year, month):
    """Plain Python: the mean price of the city's rides picked up in that month, None if none."""
    prices = [r["price"] for r in rides
              if r["city"] == city and r["pickup"].year == year and r["pickup"].month == month]
    return statistics.fmean(prices) if prices else None


def same_average(got, expected):
    if expected is None:
        return got is None
    return isinstance(got, float) and got == pytest.approx(expected, rel=1e-9)


@pytest.mark.parametrize("kind", STORES)
def test_statement_example(kind, tmp_path):
    store = open_store(kind, tmp_path / "rides")
    store.insert(RIDE)
    store.insert({**RIDE, "ride_id": 2, "price": 31.5, "pickup": datetime(2021, 9, 30, 23, 59)})
    store.insert({**RIDE, "ride_id": 3, "price": 99.0, "pickup": datetime(2021, 10, 1)})
    got = store.get(2)["price"]
    assert got == 31.5, f"{kind}.get(2)['price'] returned {got!r}, expected 31.5"
    assert len(store) == 3, f"len({kind}) after 3 inserts returned {len(store)}, expected 3"
    got = store.average_price("San Francisco", 2021, 9)
    assert got == 25.0, (f"{kind}.average_price('San Francisco', 2021, 9) returned {got!r}, expected 25.0 "
                         "(rides 1 and 2; ride 3 is picked up on October 1st 00:00)")
    got = store.average_price("Oakland", 2021, 9)
    assert got is None, f"{kind}.average_price('Oakland', 2021, 9) returned {got!r}, expected None (no ride)"
    got = open_store(kind, tmp_path / "rides").get(3)["pickup"]
    assert got == datetime(2021, 10, 1), f"{kind} reopened: get(3)['pickup'] returned {got!r}, expected datetime(2021, 10, 1)"


@pytest.mark.parametrize("kind", STORES)
def test_get_returns_every_ride_as_inserted_and_after_reopening(kind, tmp_path):
    rides = gen.rides(150, seed=3)
    store = open_store(kind, tmp_path)
    for r in rides:
        store.insert(r)
    for r in rides[::7]:
        got = store.get(r["ride_id"])
        assert got == r, f"{kind}.get({r['ride_id']}) returned {got}, expected {r}"
    reopened = open_store(kind, tmp_path)
    assert len(reopened) == 150, f"len({kind}) reopened on 150 rides returned {len(reopened)}"
    for r in rides[::5]:
        got = reopened.get(r["ride_id"])
        assert got == r, f"{kind} reopened: get({r['ride_id']}) returned {got}, expected {r}"


@pytest.mark.parametrize("kind", STORES)
def test_average_price_over_two_years_of_rides(kind, tmp_path):
    rides = gen.rides(300, seed=5)
    store = open_store(kind, tmp_path)
    for r in rides:
        store.insert(r)
    for city, year, month in [("San Francisco", 2021, 9), ("San Francisco", 2020, 9),
                              ("São Paulo", 2020, 12), ("Berlin", 2021, 1), ("Paris", 2021, 9)]:
        got, expected = store.average_price(city, year, month), python_average(rides, city, year, month)
        assert same_average(got, expected), (
            f"{kind}.average_price({city!r}, {year}, {month}) returned {got!r}, expected {expected!r}")


@pytest.mark.parametrize("kind", STORES)
def test_month_boundaries(kind, tmp_path):
    store = open_store(kind, tmp_path)
    pickups = [datetime(2021, 8, 31, 23, 59, 59, 999999), datetime(2021, 9, 1), datetime(2021, 9, 30, 23, 59, 59, 999999),
               datetime(2021, 10, 1), datetime(2020, 9, 15), datetime(2021, 12, 31, 23, 0), datetime(2022, 1, 1)]
    prices = [1.0, 10.0, 20.0, 1000.0, 2000.0, 7.0, 9000.0]
    for i, (pickup, price) in enumerate(zip(pickups, prices), start=1):
        store.insert({**RIDE, "ride_id": i, "pickup": pickup, "price": price})
    for (year, month), expected in {(2021, 9): 15.0, (2021, 12): 7.0, (2022, 1): 9000.0, (2021, 8): 1.0}.items():
        got = store.average_price("San Francisco", year, month)
        assert got == expected, f"{kind}.average_price('San Francisco', {year}, {month}) returned {got!r}, expected {expected}"


@pytest.mark.parametrize("kind", STORES)
def test_a_torn_last_write_is_dropped_on_open(kind, tmp_path):
    rides = gen.rides(4, seed=8)
    store = open_store(kind, tmp_path)
    for r in rides[:3]:
        store.insert(r)
    store.close()
    # The crash: the 4th ride's bytes only partly written.
    if kind == "RowStore":
        with open(tmp_path / "rides.rows", "ab") as f:
            f.write(gen.to_records(rides[3:]).tobytes()[:100])
    else:
        records = gen.to_records(rides[3:])
        for name, _ in gen.LAYOUT[:4]:
            with open(tmp_path / f"{name}.col", "ab") as f:
                f.write(records[name].tobytes())
    store = open_store(kind, tmp_path)
    assert len(store) == 3, f"{kind} reopened after a torn 4th insert: len() returned {len(store)}, expected 3"
    with pytest.raises(KeyError, match=f"no ride {rides[3]['ride_id']}"):
        store.get(rides[3]["ride_id"])
    store.insert(rides[3])
    again = open_store(kind, tmp_path)
    for r in rides:
        got = again.get(r["ride_id"])
        assert got == r, f"{kind}: after the torn write, a new insert and a reopen, get({r['ride_id']}) returned {got}, expected {r}"


@pytest.mark.parametrize("kind", STORES)
def test_bad_input(kind, tmp_path):
    store = open_store(kind, tmp_path)
    store.insert(RIDE)
    with pytest.raises(KeyError, match="no ride 17"):
        store.get(17)
    with pytest.raises(rs.DuplicateRideError, match="ride 1 already exists"):
        store.insert({**RIDE, "price": 5.0})
    missing = {k: v for k, v in RIDE.items() if k != "price"}
    with pytest.raises(ValueError, match="ride is missing field 'price'"):
        store.insert({**missing, "ride_id": 2})
    with pytest.raises(TypeError, match="field 'price' must be a float, got str"):
        store.insert({**RIDE, "ride_id": 2, "price": "18.5"})
    with pytest.raises(ValueError, match="field 'city' takes at most 16 bytes of UTF-8, got 17"):
        store.insert({**RIDE, "ride_id": 2, "city": "San Francisco Bay"})
    assert len(store) == 1, f"{kind}: after refused inserts len() returned {len(store)}, expected 1"
    got = store.get(1)
    assert got == RIDE, f"{kind}: a refused duplicate changed ride 1: get(1) returned {got}"


@settings(max_examples=10, deadline=None)
@given(n=st.integers(0, 40), seed=st.integers(0, 10**6), month=st.integers(1, 12), year=st.sampled_from([2020, 2021]))
def test_both_stores_agree_with_plain_python(tmp_path_factory, n, seed, month, year):
    rides = gen.rides(n, seed=seed)
    folder = tmp_path_factory.mktemp("h")
    stores = {kind: open_store(kind, folder / kind) for kind in STORES}
    for r in rides:
        for store in stores.values():
            store.insert(r)
    expected = python_average(rides, "San Francisco", year, month)
    for kind, store in stores.items():
        got = store.average_price("San Francisco", year, month)
        assert same_average(got, expected), (
            f"{kind}.average_price('San Francisco', {year}, {month}) over {n} rides (seed {seed}) returned {got!r}, expected {expected!r}")
        store.close()

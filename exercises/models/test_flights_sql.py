"""Visible tests for models.flights_sql. Run: pytest exercises/models/test_flights_sql.py

They run on every 40th real flight (about 8,400, all months) and on small hand-made folders;
the answers are checked against plain Python over the CSV rows, never against SQL.
"""

import pytest

from graders import kata
from graders.datagen import flights_sql as gen

m = kata("models.flights_sql")


same = gen.same  # equal rows, floats to 1e-9 relative


@pytest.fixture(scope="module")
def sample(tmp_path_factory):
    folder = gen.sample_folder(tmp_path_factory.mktemp("flights_sample"), every=40)
    return folder, gen.Tables(folder)


def flight(carrier, day, dep_delay, *, month=1, flight=1, tailnum="N1", origin="JFK", arr_delay=0, cancelled=False):
    return {"year": 2013, "month": month, "day": day, "dep_time": None if cancelled else 900,
            "dep_delay": None if cancelled else dep_delay, "arr_time": None if cancelled else 1200,
            "arr_delay": None if cancelled else arr_delay, "carrier": carrier, "flight": flight,
            "tailnum": tailnum, "origin": origin, "dest": "BOS"}


AIRLINES = [{"carrier": "AA", "name": "American"}, {"carrier": "XX", "name": "Grounded"},
            {"carrier": "ZZ", "name": "Zed"}]
AIRPORTS = [{"faa": "JFK", "name": "Kennedy"}, {"faa": "BOS", "name": "Logan"}]
PLANES = [{"tailnum": "N1", "manufacturer": "BOEING"}, {"tailnum": "N2", "manufacturer": "AIRBUS"}]


@pytest.fixture(scope="module")
def tiny(tmp_path_factory):
    """AA flies four flights in January (one cancelled), ZZ two that were both cancelled, XX none."""
    flights = [flight("AA", 1, 30, flight=10, arr_delay=20), flight("AA", 2, 5, flight=11, tailnum="N2", arr_delay=None),
               flight("AA", 3, 30, flight=12, tailnum="N9", arr_delay=30), flight("AA", 4, 0, flight=13, cancelled=True),
               flight("ZZ", 1, 0, flight=20, cancelled=True, tailnum=None),
               flight("ZZ", 2, 0, flight=21, cancelled=True, tailnum=None)]
    return gen.write_folder(tmp_path_factory.mktemp("tiny"), {"flights": flights, "airlines": AIRLINES,
                                                               "airports": AIRPORTS, "planes": PLANES})


def test_carrier_month_hand_made(tiny):
    got = m.carrier_month(tiny, 1)
    expected = [("AA", "American", 4, 1, (30 + 5 + 30) / 3), ("XX", "Grounded", 0, 0, None), ("ZZ", "Zed", 2, 2, None)]
    assert same(got, expected), (
        f"carrier_month(tiny, 1) returned {got}, expected {expected}: XX flew nothing (a row of zeros), "
        "ZZ's two flights were both cancelled (dep_time NULL: counted, but no delay to average)")
    got = m.carrier_month(tiny, 2)
    expected = [("AA", "American", 0, 0, None), ("XX", "Grounded", 0, 0, None), ("ZZ", "Zed", 0, 0, None)]
    assert same(got, expected), f"carrier_month(tiny, 2) (no flights in February) returned {got}, expected {expected}"


@pytest.mark.parametrize("month", [1, 7, None])
def test_carrier_month_on_real_flights(sample, month):
    folder, tables = sample
    got = m.carrier_month(folder, month)
    expected = gen.carrier_month(tables, month)
    assert same(got, expected), f"carrier_month(sample, {month}) returned\n{got}\nexpected\n{expected}"


def test_top_delays_ties_share_a_rank(tiny):
    got = m.top_delays(tiny, "JFK", 1, 1)
    expected = [("AA", 1, 1, 10, 30), ("AA", 1, 3, 12, 30)]
    assert got == expected, f"top_delays(tiny, 'JFK', 1, 1) returned {got}, expected {expected}: two flights tie at 30 min"
    got = m.top_delays(tiny, "JFK", 1, 10)
    expected = [("AA", 1, 1, 10, 30), ("AA", 1, 3, 12, 30), ("AA", 3, 2, 11, 5)]
    assert got == expected, (
        f"top_delays(tiny, 'JFK', 1, 10) returned {got}, expected {expected}: RANK skips after a tie (1, 1, 3), "
        "and the cancelled flights (no dep_delay: AA 13, ZZ 20 and 21) are never ranked")


@pytest.mark.parametrize("origin, month, n", [("JFK", 3, 3), ("EWR", 12, 1), ("LGA", 7, 5)])
def test_top_delays_on_real_flights(sample, origin, month, n):
    folder, tables = sample
    got = m.top_delays(folder, origin, month, n)
    expected = gen.top_delays(tables, origin, month, n)
    assert got == expected, f"top_delays(sample, {origin!r}, {month}, {n}) returned\n{got}\nexpected\n{expected}"


def test_manufacturer_delays_hand_made(tiny):
    got = m.manufacturer_delays(tiny, "AA")
    expected = [("BOEING", 1, 2, 20.0), ("AIRBUS", 1, 1, None), (None, 1, 1, 30.0)]
    assert same(got, expected), (
        f"manufacturer_delays(tiny, 'AA') returned {got}, expected {expected}: N9 is not in planes (group None), "
        "N2's only arrival delay is NULL (mean None), flights counts the cancelled flight too")
    got = m.manufacturer_delays(tiny, "ZZ")
    expected = [(None, 0, 2, None)]
    assert same(got, expected), f"manufacturer_delays(tiny, 'ZZ') (two flights, no tailnum) returned {got}, expected {expected}"


@pytest.mark.parametrize("carrier", ["MQ", "UA", None])
def test_manufacturer_delays_on_real_flights(sample, carrier):
    folder, tables = sample
    got = m.manufacturer_delays(folder, carrier)
    expected = gen.manufacturer_delays(tables, carrier)
    assert same(got, expected), f"manufacturer_delays(sample, {carrier!r}) returned\n{got}\nexpected\n{expected}"


def test_the_loops_give_the_same_answers(sample, tiny):
    folder, tables = sample
    for month in (2, None):
        got, expected = m.carrier_month_loop(folder, month), gen.carrier_month(tables, month)
        assert same(got, expected), f"carrier_month_loop(sample, {month}) returned\n{got}\nexpected\n{expected}"
    for carrier in ("B6", None):
        got, expected = m.manufacturer_delays_loop(folder, carrier), gen.manufacturer_delays(tables, carrier)
        assert same(got, expected), f"manufacturer_delays_loop(sample, {carrier!r}) returned\n{got}\nexpected\n{expected}"
    got = m.carrier_month_loop(tiny, 1)
    assert same(got, m.carrier_month(tiny, 1)), f"carrier_month_loop(tiny, 1) returned {got}, carrier_month gives {m.carrier_month(tiny, 1)}"


@pytest.mark.parametrize(
    "call, match",
    [
        (lambda f: m.carrier_month(f, 13), r"month must be an integer 1\.\.12, got 13"),
        (lambda f: m.carrier_month_loop(f, 0), r"month must be an integer 1\.\.12, got 0"),
        (lambda f: m.manufacturer_delays(f, "QQ"), "unknown carrier 'QQ'"),
        (lambda f: m.top_delays(f, "XYZ", 1, 3), "unknown origin 'XYZ'"),
        (lambda f: m.top_delays(f, "JFK", 1, 0), r"n must be an integer >= 1, got 0"),
    ],
    ids=["month-13", "loop-month-0", "unknown-carrier", "unknown-origin", "n-zero"],
)
def test_bad_input_raises_value_error(tiny, call, match):
    with pytest.raises(ValueError, match=match):
        call(tiny)


def test_a_missing_table_is_named(tmp_path):
    folder = gen.write_folder(tmp_path, {"flights": [flight("AA", 1, 5)], "airlines": AIRLINES})
    with pytest.raises(m.MissingDataError, match="planes"):
        m.manufacturer_delays(folder, "AA")

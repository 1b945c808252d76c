"""Visible tests for storage.olap_cube. Run: pytest exercises/storage/test_olap_cube.py"""
import functools
import itertools

import pyarrow as pa
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from graders import kata
from graders.datagen import olap_cube as gen

oc = kata("storage.olap_cube")
ALL = ["flights", "arrived", "mean_arr_delay", "total_distance"]

STATEMENT = pa.table({"carrier": ["UA", "UA", "AA", None], "origin": ["EWR", "JFK", "JFK", "JFK"],
                      "month": [1, 1, 1, 2], "arr_delay": [10, None, 30, 5], "distance": [100, 200, 300, 400]})


def rollup_sets(dims):
    return [dims[:i] for i in range(len(dims), -1, -1)]


def cube_sets(dims):
    return [list(c) for r in range(len(dims), -1, -1) for c in itertools.combinations(dims, r)]


@functools.lru_cache(maxsize=None)
def expected_cube(n, dims):
    """pandas' answer for the first n flights, computed once for all the examples."""
    return gen.python_oracle(gen.first_flights(n), cube_sets(list(dims)), list(dims), ALL)


def check(got, table, sets, dims, measures, call):
    problem = gen.compare(got, gen.python_oracle(table, sets, dims, measures), dims)
    assert problem is None, f"{call}: {problem} (compared with a plain-Python group-by over each grouping set)"


def test_statement_example():
    rows = oc.rollup(STATEMENT, ["carrier", "origin"], ["flights", "mean_arr_delay"])
    got = sorted((r["grouping"], r["carrier"] or "", r["origin"] or "", r["flights"]) for r in rows)
    expected = [(0, "", "JFK", 1), (0, "AA", "JFK", 1), (0, "UA", "EWR", 1), (0, "UA", "JFK", 1),
                (1, "", "", 1), (1, "AA", "", 1), (1, "UA", "", 2), (3, "", "", 4)]
    assert got == expected, f"rollup(statement flights, ['carrier', 'origin']) gave {got}, expected {expected}"
    got = [r["mean_arr_delay"] for r in rows if r["grouping"] == 1 and r["carrier"] == "UA"]
    assert got == [10.0], f"UA's subtotal mean_arr_delay is {got}, expected [10.0] (the NULL arr_delay is skipped)"
    c = oc.Cube(STATEMENT.slice(0, 2), dims=["carrier", "origin"])
    c.add(STATEMENT.slice(2))
    got = [r["flights"] for r in c.report(["flights"]) if r["grouping"] == 3]
    assert got == [4], f"Cube of 2 flights, add(2 more), report(): the grand total's flights is {got}, expected [4]"


def test_rollup_on_real_flights():
    flights = gen.first_flights(3000)
    dims = ["carrier", "origin"]
    check(oc.rollup(flights, dims, ALL), flights, rollup_sets(dims), dims, ALL, "rollup(first 3,000 flights, carrier, origin)")


def test_cube_on_real_flights():
    flights = gen.first_flights(3000)
    dims = ["origin", "carrier", "day"]
    check(oc.cube(flights, dims, ["flights", "mean_arr_delay"]), flights, cube_sets(dims), dims,
          ["flights", "mean_arr_delay"], "cube(first 3,000 flights, origin, carrier, day)")


def test_grouping_sets_on_real_flights():
    flights = gen.first_flights(3000)
    sets = [["carrier", "origin"], ["day"], []]
    check(oc.grouping_sets(flights, sets, ["arrived", "total_distance"]), flights, sets,
          ["carrier", "origin", "day"], ["arrived", "total_distance"], f"grouping_sets(first 3,000 flights, {sets})")


def test_a_null_in_the_data_is_not_a_subtotal():
    flights = pa.table({"carrier": ["UA", "UA", "UA"], "tailnum": ["N1", None, None],
                        "arr_delay": [1, 2, None], "distance": [10, 20, 30]})
    rows = oc.rollup(flights, ["carrier", "tailnum"], ["flights"])
    got = sorted((r["grouping"], r["tailnum"] or "-", r["flights"]) for r in rows)
    expected = [(0, "-", 2), (0, "N1", 1), (1, "-", 3), (3, "-", 3)]
    assert got == expected, (f"rollup over carrier, tailnum with NULL tailnums gave (grouping, tailnum, flights) "
                             f"{got}, expected {expected}: the group of NULL tailnums has grouping 0")


@pytest.mark.parametrize("call, message", [
    (lambda: oc.cube(STATEMENT, ["airline"], ["flights"]), "unknown dimension 'airline'"),
    (lambda: oc.cube(STATEMENT, ["carrier", "carrier"], ["flights"]), "dimension 'carrier' given twice"),
    (lambda: oc.rollup(STATEMENT, ["carrier"], ["avg_delay"]), "unknown measure 'avg_delay'"),
    (lambda: oc.rollup(STATEMENT, ["dest"], ["flights"]), "flights have no column 'dest'"),
    (lambda: oc.cube({"carrier": ["UA"]}, ["carrier"], ["flights"]), "flights must be a pyarrow Table, got dict"),
])
def test_bad_input(call, message):
    with pytest.raises(ValueError, match=message):
        call()


def test_a_refused_add_leaves_the_cube_as_it_was():
    c = oc.Cube(STATEMENT, ["carrier", "origin"])
    before = c.report(ALL)
    with pytest.raises(ValueError, match="flights have no column 'arr_delay'"):
        c.add(STATEMENT.drop_columns(["arr_delay"]))
    after = c.report(ALL)
    assert gen.compare(after, before, ["carrier", "origin"]) is None, "a refused add changed the cube's report"


@settings(max_examples=4, deadline=None)
@given(cuts=st.lists(st.integers(1, 1999), max_size=3))
def test_any_batches_give_the_full_recompute(cuts):
    flights = gen.first_flights(2000)
    bounds = [0, *sorted(set(cuts)), 2000]
    dims = ["carrier", "origin"]
    c = oc.Cube(flights.slice(0, bounds[1]), dims)
    for a, b in zip(bounds[1:], bounds[2:]):
        c.add(flights.slice(a, b - a))
    problem = gen.compare(c.report(ALL), expected_cube(2000, tuple(dims)), dims)
    assert problem is None, f"Cube fed the first 2,000 flights cut at {bounds[1:-1]}, report(): {problem}"

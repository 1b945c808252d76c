"""Visible tests for models.normalize_books. Run: pytest exercises/models/test_normalize_books.py"""
import random

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from graders import kata
from graders.datagen import normalize_books as gen

m = kata("models.normalize_books")

BOOK_ARGS = dict(name="Book", lookup="Publisher", id_column="Publisher ID")


def test_table_3_2_splits_into_tables_3_3_and_3_4():
    db = m.Normalized(gen.BOOKS, ["Publisher"], ["Country"], **BOOK_ARGS)
    tables = db.tables()
    assert sorted(tables) == ["Book", "Publisher"], f"tables() has the tables {sorted(tables)}, expected ['Book', 'Publisher']"
    assert tables["Publisher"] == gen.PUBLISHER_TABLE, (
        f"Normalized(BOOKS, ['Publisher'], ['Country']).tables()['Publisher'] is {tables['Publisher']}, "
        f"expected Table 3-4: {gen.PUBLISHER_TABLE}")
    assert tables["Book"] == gen.BOOK_TABLE, (
        f"tables()['Book'] is {tables['Book']}, expected Table 3-3: {gen.BOOK_TABLE}")
    db.close()


def test_the_join_gives_back_table_3_2():
    db = m.Normalized(gen.BOOKS, ["Publisher"], ["Country"], **BOOK_ARGS)
    joined = db.join()
    assert list(joined) == list(gen.BOOKS), f"join() has the columns {list(joined)}, expected {list(gen.BOOKS)}"
    assert gen.rows(joined) == gen.rows(gen.BOOKS), (
        f"join() gave the rows {gen.rows(joined)}, expected Table 3-2's {gen.rows(gen.BOOKS)} in its order")
    db.close()


def test_renaming_a_publisher_touches_one_row():
    in_the_relation = gen.BOOKS["Publisher"].count("Banana Press")  # 3 rows to edit before normalizing
    db = m.Normalized(gen.BOOKS, ["Publisher"], ["Country"], **BOOK_ARGS)
    changed = db.rename("Publisher", "Banana Press", "Banana Books")
    assert changed == 1, (f"rename('Publisher', 'Banana Press', 'Banana Books') changed {changed} rows, expected 1 "
                          f"(the relation had it {in_the_relation} times)")
    expected = ["Banana Books" if p == "Banana Press" else p for p in gen.BOOKS["Publisher"]]
    got = db.join()["Publisher"]
    assert got == expected, f"after the rename join()['Publisher'] is {got}, expected {expected}"
    assert db.tables()["Book"] == gen.BOOK_TABLE, "a rename in Publisher must leave Book as it was"
    changed = db.rename("Country", "US", "USA")
    assert changed == 1, f"rename('Country', 'US', 'USA') changed {changed} rows, expected 1"
    db.close()


def test_a_broken_dependency_is_reported_with_its_keys():
    broken = dict(gen.BOOKS, Country=["UK", "UK", "US", "US", "US"])  # The Hobbit now says US
    got = m.violations(broken, ["Publisher"], ["Country"])
    expected = [{"key": ("Banana Press",), "values": [("UK",), ("US",)], "rows": [0, 1, 3]}]
    assert got == expected, f"violations(Hobbit in the US, ['Publisher'], ['Country']) returned {got}, expected {expected}"
    assert m.violations(gen.BOOKS, ["Publisher"], ["Country"]) == [], "Publisher -> Country holds in Table 3-2: expected []"
    with pytest.raises(m.FunctionalDependencyError, match=r"Publisher -> Country does not hold for 1 key: \('Banana Press',\)"):
        m.Normalized(broken, ["Publisher"], ["Country"], **BOOK_ARGS)


def test_null_is_a_key_like_any_other():
    # Two books without a publisher: one NULL key, one lookup row, no row lost in the join.
    relation = {"Title": ["A", "B", "C"], "Publisher": [None, "Banana Press", None], "Country": [None, "UK", None]}
    db = m.Normalized(relation, ["Publisher"], ["Country"], **BOOK_ARGS)
    lookup = db.tables()["Publisher"]
    assert lookup == {"Publisher ID": [1, 2], "Publisher": [None, "Banana Press"], "Country": [None, "UK"]}, (
        f"tables()['Publisher'] with NULL publishers is {lookup}, expected one row for the NULL key, id 1")
    joined = db.join()
    assert joined == relation, f"join() with NULL publishers returned {joined}, expected {relation}"
    db.close()
    clash = {"Publisher": ["Guava Press", "Guava Press"], "Country": ["US", None]}
    got = m.violations(clash, ["Publisher"], ["Country"])
    expected = [{"key": ("Guava Press",), "values": [("US",), (None,)], "rows": [0, 1]}]
    assert got == expected, f"violations with Country 'US' and NULL for one key returned {got}, expected {expected}"


def test_a_two_column_determinant():
    routes = {"origin": ["EWR", "JFK", "EWR", "LGA", "JFK"], "dest": ["BOS", "BOS", "BOS", "ORD", "BOS"],
              "flight": [1, 2, 3, 4, 5], "distance": [200, 187, 200, 733, 187]}
    db = m.Normalized(routes, ["origin", "dest"], ["distance"], name="flights", lookup="routes", id_column="route")
    tables = db.tables()
    expected = {"route": [1, 2, 3], "origin": ["EWR", "JFK", "LGA"], "dest": ["BOS", "BOS", "ORD"],
                "distance": [200, 187, 733]}
    assert tables["routes"] == expected, f"tables()['routes'] is {tables['routes']}, expected {expected}"
    expected = {"route": [1, 2, 1, 3, 2], "flight": [1, 2, 3, 4, 5]}
    assert tables["flights"] == expected, f"tables()['flights'] is {tables['flights']}, expected {expected}"
    db.close()


@pytest.mark.parametrize(
    "call, match",
    [
        (lambda: m.Normalized(gen.BOOKS, ["Publisher"], ["Contry"]), "unknown column 'Contry'"),
        (lambda: m.Normalized(gen.BOOKS, [], ["Country"]), "at least one determinant"),
        (lambda: m.violations(gen.BOOKS, ["Publisher"], []), "at least one determinant"),
        (lambda: m.Normalized(dict(gen.BOOKS, Price=[20, 10, 30, 30]), ["Publisher"], ["Country"]),
         "column 'Price' has 4 values, column 'Title' has 5"),
        (lambda: m.Normalized(gen.BOOKS, ["Publisher"], ["Publisher"]), "on both sides"),
        (lambda: m.Normalized(gen.BOOKS, ["Publisher"], ["Country"], id_column="Title"), "already a column"),
        (lambda: m.Normalized(gen.BOOKS, ["Publisher"], ["Country"]).rename("Title", "The Hobbit", "X"),
         "cannot rename column 'Title'"),
        (lambda: m.Normalized(gen.BOOKS, ["Publisher"], ["Country"]).rename("Publisher", "Banana Press", "Guava Press"),
         r"two Publisher rows the key \('Guava Press',\)"),
    ],
    ids=["unknown-column", "empty-determinant", "empty-dependent", "ragged-columns", "both-sides", "id-exists",
         "rename-unknown", "rename-clash"],
)
def test_bad_input_raises_value_error(call, match):
    with pytest.raises(ValueError, match=match):
        call()


@settings(max_examples=20, deadline=None)  # a new database per example
@given(st.integers(0, 25), st.integers(0, 10_000), st.booleans())
def test_lossless_on_generated_relations(n, seed, broken):
    relation = gen.employees(n, seed, null_share=0.2)
    if broken:
        relation = gen.plant_violation(relation, ["department"], ["building"], random.Random(seed))
    expected = gen.oracle_violations(relation, ["department"], ["building"])
    got = m.violations(relation, ["department"], ["building"])
    assert got == expected, f"violations(employees, ['department'], ['building']) returned {got}, expected {expected}"
    if expected:
        with pytest.raises(m.FunctionalDependencyError):
            m.Normalized(relation, ["department"], ["building"], name="staff", lookup="departments", id_column="dept_id")
        return
    db = m.Normalized(relation, ["department"], ["building"], name="staff", lookup="departments", id_column="dept_id")
    joined, lookup = db.join(), db.tables()["departments"]
    db.close()
    assert gen.multiset(joined) == gen.multiset(relation), (
        f"join() lost or invented rows: {gen.multiset(relation) - gen.multiset(joined)} missing, "
        f"{gen.multiset(joined) - gen.multiset(relation)} extra")
    keys = list(dict.fromkeys(relation["department"]))
    assert lookup["department"] == keys, f"the lookup's keys are {lookup['department']}, expected {keys} (first-row order)"

"""Visible tests for models.graph_traversal. Run: pytest exercises/models/test_graph_traversal.py

Named cases from the book's example first, then small random graphs (cycles, self-loops,
disconnected parts) checked against a breadth-first search in plain Python.
"""
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from graders import kata
from graders.datagen import graph_traversal as gen

m = kata("models.graph_traversal")

PEOPLE = [("alice", "Boston"), ("bob", "London"), ("carol", "Cambridge MA"), ("dan", "USA"), ("eve", "Idaho")]
WITHIN = [("Boston", "Massachusetts"), ("Cambridge MA", "Massachusetts"), ("Massachusetts", "USA"),
          ("Idaho", "USA"), ("London", "England"), ("England", "UK"), ("UK", "Europe")]


@pytest.mark.parametrize("place, expected", [("USA", ["alice", "carol", "dan", "eve"]), ("Massachusetts", ["alice", "carol"]),
                                             ("Europe", ["bob"]), ("Boston", ["alice"]), ("England", ["bob"])])
def test_born_in_the_books_example(place, expected):
    got = m.born_in(PEOPLE, WITHIN, place)
    assert got == expected, f"born_in(PEOPLE, WITHIN, {place!r}) returned {got}, expected {expected}"


def test_born_in_a_location_with_two_regions():
    within = [("Kansas City", "Missouri"), ("Kansas City", "Kansas"), ("Missouri", "USA"), ("Kansas", "USA")]
    got = m.born_in([("walt", "Kansas City")], within, "USA")
    assert got == ["walt"], f"born_in(..., 'USA') with Kansas City in two states returned {got}, expected ['walt'] once"
    got = m.born_in([("walt", "Kansas City")], within, "Kansas")
    assert got == ["walt"], f"born_in(..., 'Kansas') returned {got}, expected ['walt']"


def test_a_cyclic_hierarchy_raises_cycle_error():
    with pytest.raises(m.CycleError, match="the within hierarchy has a cycle: 'Boston' is within itself"):
        m.born_in(PEOPLE, WITHIN + [("USA", "Boston")], "Europe")
    with pytest.raises(m.CycleError, match="'Atlantis' is within itself"):
        m.born_in(PEOPLE, WITHIN + [("Atlantis", "Atlantis")], "USA")


def test_friends_of_friends_in_a_triangle_with_a_tail():
    friendships = [("ann", "ben"), ("ben", "cat"), ("cat", "ann"), ("cat", "dov"), ("dov", "eli"), ("ann", "ann")]
    for person, k, expected in [("ann", 2, ["dov"]), ("ann", 1, ["ben", "cat"]), ("ann", 3, ["eli"]),
                                ("ann", 4, []), ("eli", 2, ["cat"]), ("dov", 2, ["ann", "ben"])]:
        got = m.friends_of_friends(friendships, person, k)
        assert got == expected, (f"friends_of_friends(friendships, {person!r}, {k}) returned {got}, expected {expected}: "
                                 "people whose shortest distance is exactly k")


LINKS = [("acc1", "card:42"), ("acc2", "card:42"), ("acc2", "device:x"), ("acc3", "device:x"), ("acc4", "card:7"),
         ("acc5", "device:y"), ("acc6", "device:y"), ("acc5", "card:9"), ("acc6", "card:9")]


def test_fraud_ring_of_a_flagged_account():
    for flagged, expected in [("acc1", ["acc1", "acc2", "acc3"]), ("acc3", ["acc1", "acc2", "acc3"]),
                              ("acc4", ["acc4"]), ("acc6", ["acc5", "acc6"])]:
        got = m.fraud_ring(LINKS, flagged)
        assert got == expected, f"fraud_ring(LINKS, {flagged!r}) returned {got}, expected {expected}"


def test_fraud_rings_largest_first():
    got = m.fraud_rings(LINKS)
    expected = [["acc1", "acc2", "acc3"], ["acc5", "acc6"]]
    assert got == expected, f"fraud_rings(LINKS) returned {got}, expected {expected}"
    got = m.fraud_rings(LINKS, min_size=1)
    expected = [["acc1", "acc2", "acc3"], ["acc5", "acc6"], ["acc4"]]
    assert got == expected, f"fraud_rings(LINKS, min_size=1) returned {got}, expected {expected}"


@pytest.mark.parametrize(
    "call, error, match",
    [
        (lambda: m.born_in(PEOPLE, [("Boston",)], "USA"), ValueError, r"within\[0\] is not a pair of strings"),
        (lambda: m.born_in(PEOPLE, WITHIN, "Mars"), ValueError, "unknown location 'Mars'"),
        (lambda: m.friends_of_friends([("a", "b")], "zed"), ValueError, "unknown person 'zed'"),
        (lambda: m.friends_of_friends([("a", "b")], "a", 0), ValueError, "k must be an integer >= 1, got 0"),
        (lambda: m.fraud_ring(LINKS, "acc9"), ValueError, "unknown account 'acc9'"),
        (lambda: m.fraud_rings(LINKS, 0), ValueError, "min_size must be an integer >= 1, got 0"),
    ],
    ids=["malformed-edge", "unknown-location", "unknown-person", "k-zero", "unknown-account", "min-size-zero"],
)
def test_bad_input(call, error, match):
    with pytest.raises(error, match=match):
        call()


@settings(max_examples=12, deadline=None)
@given(gen.pairs(gen.names("p", 7), gen.names("p", 7), max_size=14), gen.names("p", 7), st.integers(1, 3))
def test_friends_of_friends_equals_bfs(friendships, person, k):
    if not any(person in pair for pair in friendships if pair[0] != pair[1]):
        friendships = friendships + [(person, "p9")]
    got = m.friends_of_friends(friendships, person, k)
    expected = gen.friends_of_friends(friendships, person, k)
    assert got == expected, f"friends_of_friends({friendships}, {person!r}, {k}) returned {got}, expected {expected}"


@settings(max_examples=12, deadline=None)
@given(gen.pairs(gen.names("a", 6), gen.names("i", 5), max_size=12).filter(bool))
def test_fraud_rings_equal_bfs(links):
    got = m.fraud_rings(links, min_size=1)
    expected = gen.fraud_rings(links, min_size=1)
    assert got == expected, f"fraud_rings({links}, min_size=1) returned {got}, expected {expected}"

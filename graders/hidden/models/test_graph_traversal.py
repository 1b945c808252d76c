"""Hidden tests for models.graph_traversal: every traversal against networkx (shortest paths,
descendants, connected components) on hypothesis graphs with cycles, self-loops, duplicate edges and disconnected
parts; long chains (depth is unknown, not small); cycles anywhere in a hierarchy; accounts
and instruments that share a name; ordering, and bad input."""
import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st

from graders import kata
from graders.datagen import graph_traversal as gen

m = kata("models.graph_traversal")


# --- born_in ------------------------------------------------------------------------------

people_at = gen.pairs(gen.names("person", 8), st.sampled_from([f"L{i}" for i in range(10)] + ["Nowhere"]), max_size=12)


@settings(max_examples=40, deadline=None)
@given(people_at, gen.hierarchies(10), st.integers(0, 9))
@example([("p", "L0")], [], 0)
@example([("p", "L0"), ("p", "L3")], [("L0", "L3"), ("L0", "L3"), ("L3", "L5")], 5)
@example([], [("L0", "L1")], 1)
def test_born_in_equals_bfs_on_dags(people, within, i):
    place = f"L{i}"
    known = {loc for _, loc in people} | {x for pair in within for x in pair}
    if place not in known:
        people = people + [("someone", place)]
    got = m.born_in(people, within, place)
    expected = gen.born_in(people, within, place)
    assert got == expected, f"born_in({people}, {within}, {place!r}) returned {got}, expected {expected}"


@settings(max_examples=40, deadline=None)
@given(people_at, gen.hierarchies(8, acyclic=False))
@example([("p", "L1")], [("L1", "L2"), ("L2", "L3"), ("L3", "L1")])
@example([("p", "L1")], [("L4", "L4")])
def test_born_in_on_any_hierarchy_raises_cycle_error_or_equals_bfs(people, within):
    place = within[0][1]
    looped = gen.cyclic_locations(within)
    if looped:
        with pytest.raises(m.CycleError, match=f"the within hierarchy has a cycle: '{looped[0]}' is within itself"):
            m.born_in(people, within, place)
    else:
        got = m.born_in(people, within, place)
        expected = gen.born_in(people, within, place)
        assert got == expected, f"born_in({people}, {within}, {place!r}) returned {got}, expected {expected}"


def test_a_cycle_far_from_the_place_still_raises():
    within = [("Boston", "Massachusetts"), ("Massachusetts", "USA"), ("Zeta", "Eta"), ("Eta", "Theta"), ("Theta", "Eta")]
    with pytest.raises(m.CycleError, match="'Eta' is within itself"):
        m.born_in([("alice", "Boston")], within, "USA")
    assert issubclass(m.CycleError, ValueError), "CycleError must be a ValueError"


def test_born_in_down_a_long_chain():
    # 150 nested regions: the depth is unknown, so no fixed number of joins reaches the bottom.
    within = [(f"R{i}", f"R{i + 1}") for i in range(150)]
    people = [("deep", "R0"), ("mid", "R75"), ("top", "R150"), ("outside", "Elsewhere")]
    got = m.born_in(people, within, "R150")
    assert got == ["deep", "mid", "top"], f"born_in(people, a chain R0 within R1 ... within R150, 'R150') returned {got}"
    got = m.born_in(people, within, "R74")
    assert got == ["deep"], f"born_in(people, chain, 'R74') returned {got}, expected ['deep']"
    got = m.born_in(people, within, "Elsewhere")
    assert got == ["outside"], f"born_in(people, chain, 'Elsewhere') returned {got}, expected ['outside']"


def test_born_in_goes_down_not_up():
    within = [("Boston", "Massachusetts"), ("Massachusetts", "USA")]
    got = m.born_in([("alice", "Boston"), ("dan", "USA")], within, "Massachusetts")
    assert got == ["alice"], f"born_in(..., 'Massachusetts') returned {got}, expected ['alice']: dan was born in the USA, which is not within Massachusetts"


# --- friends_of_friends ---------------------------------------------------------------------

@settings(max_examples=50, deadline=None)
@given(gen.pairs(gen.names("p", 10), gen.names("p", 10), max_size=25), gen.names("p", 10), st.integers(1, 5))
@example([("p0", "p1"), ("p1", "p2"), ("p2", "p0")], "p0", 2)
@example([("p0", "p1"), ("p1", "p0"), ("p1", "p2"), ("p2", "p2")], "p2", 2)
@example([("p0", "p1"), ("p3", "p4")], "p0", 1)
def test_friends_of_friends_equals_bfs(friendships, person, k):
    if not any(person in pair for pair in friendships if pair[0] != pair[1]):
        friendships = friendships + [("p9x", person)]
    got = m.friends_of_friends(friendships, person, k)
    expected = gen.friends_of_friends(friendships, person, k)
    assert got == expected, f"friends_of_friends({friendships}, {person!r}, {k}) returned {got}, expected {expected}"


def test_friends_of_friends_default_k_and_the_rule():
    # ann-ben-cat is a triangle: cat is ann's friend, not a friend of a friend, though ben links them.
    friendships = [("ann", "ben"), ("ben", "cat"), ("cat", "ann"), ("ben", "dov"), ("dov", "eli")]
    got = m.friends_of_friends(friendships, "ann")
    assert got == ["dov"], f"friends_of_friends(friendships, 'ann') returned {got}, expected ['dov']"
    got = m.friends_of_friends([("dov", "ann")], "ann")
    assert got == [], f"friends_of_friends([('dov', 'ann')], 'ann') returned {got}, expected []: the way back to ann is not a friend of a friend"


def test_friends_round_a_long_cycle():
    ring = [(f"p{i}", f"p{(i + 1) % 40}") for i in range(40)]
    got = m.friends_of_friends(ring, "p0", 20)
    assert got == ["p20"], f"friends_of_friends(a 40-cycle, 'p0', 20) returned {got}, expected ['p20']"
    got = m.friends_of_friends(ring, "p0", 19)
    assert got == ["p19", "p21"], f"friends_of_friends(a 40-cycle, 'p0', 19) returned {got}, expected ['p19', 'p21']"
    got = m.friends_of_friends(ring, "p0", 21)
    assert got == [], f"friends_of_friends(a 40-cycle, 'p0', 21) returned {got}, expected []: nobody is farther than 20"


# --- fraud rings ----------------------------------------------------------------------------

links_of = gen.pairs(gen.names("a", 8), gen.names("i", 6), max_size=20)


@settings(max_examples=40, deadline=None)
@given(links_of.filter(bool), st.data())
@example([("a0", "i0")], None)
@example([("a0", "i0"), ("a1", "i0"), ("a1", "i1"), ("a2", "i1"), ("a0", "i1")], None)
def test_fraud_ring_equals_bfs(links, data):
    flagged = data.draw(st.sampled_from(sorted({a for a, _ in links}))) if data is not None else links[0][0]
    got = m.fraud_ring(links, flagged)
    expected = gen.fraud_ring(links, flagged)
    assert got == expected, f"fraud_ring({links}, {flagged!r}) returned {got}, expected {expected}"


@settings(max_examples=40, deadline=None)
@given(links_of, st.integers(1, 4))
@example([], 1)
@example([("a0", "i0"), ("a1", "i0"), ("a2", "i1"), ("a3", "i1"), ("a4", "i2")], 2)
@example([("a3", "i0"), ("a4", "i0"), ("a0", "i1"), ("a1", "i1"), ("a2", "i1")], 2)
def test_fraud_rings_equal_bfs(links, min_size):
    got = m.fraud_rings(links, min_size)
    expected = gen.fraud_rings(links, min_size)
    assert got == expected, f"fraud_rings({links}, {min_size}) returned {got}, expected {expected}"


def test_rings_of_exactly_min_size_are_kept():
    links = [("a", "card:1"), ("b", "card:1"), ("c", "device:1"), ("d", "device:1"), ("e", "device:1")]
    got = m.fraud_rings(links, 3)
    assert got == [["c", "d", "e"]], f"fraud_rings(links, 3) returned {got}, expected [['c', 'd', 'e']]"
    got = m.fraud_rings(links, 2)
    assert got == [["c", "d", "e"], ["a", "b"]], f"fraud_rings(links, 2) returned {got}, expected largest first"


def test_accounts_and_instruments_are_different_things():
    # Account 'b' and instrument 'b' share a name, not an identity: a and b share no instrument.
    links = [("a", "b"), ("b", "c"), ("x", "x")]
    got = m.fraud_ring(links, "a")
    assert got == ["a"], f"fraud_ring({links}, 'a') returned {got}, expected ['a']"
    got = m.fraud_rings(links, 1)
    assert got == [["a"], ["b"], ["x"]], f"fraud_rings({links}, 1) returned {got}, expected [['a'], ['b'], ['x']]"


def test_a_long_chain_of_shared_devices():
    links = [(f"acc{i:03}", f"dev{i}") for i in range(60)] + [(f"acc{i + 1:03}", f"dev{i}") for i in range(59)]
    got = m.fraud_ring(links, "acc059")
    assert got == [f"acc{i:03}" for i in range(60)], f"fraud_ring(a chain of 60 accounts, 'acc059') returned {len(got)} accounts, expected 60"


# --- bad input --------------------------------------------------------------------------------

@pytest.mark.parametrize(
    "call, match",
    [
        (lambda: m.born_in([("p", "A")], [("A", "B", "C")], "A"), r"within\[0\] is not a pair of strings"),
        (lambda: m.born_in([("p", "A")], [("A", "B"), ("B", 7)], "A"), r"within\[1\] is not a pair of strings"),
        (lambda: m.born_in([("p", "A")], [("A", "B"), "BC"], "A"), r"within\[1\] is not a pair of strings"),
        (lambda: m.born_in([("p", None)], [], "A"), r"people\[0\] is not a pair of strings"),
        (lambda: m.born_in([("p", "A")], 5, "A"), "within must be a list of pairs of strings"),
        (lambda: m.born_in([("p", "A")], [("A", "B")], "C"), "unknown location 'C'"),
        (lambda: m.friends_of_friends([("a", "b"), ["c"]], "a"), r"friendships\[1\] is not a pair of strings"),
        (lambda: m.friends_of_friends([("a", "b"), ("z", "z")], "z"), "unknown person 'z'"),
        (lambda: m.friends_of_friends([("a", "b")], "a", -1), "k must be an integer >= 1, got -1"),
        (lambda: m.friends_of_friends([("a", "b")], "a", 2.0), r"k must be an integer >= 1, got 2\.0"),
        (lambda: m.friends_of_friends([("a", "b")], "a", True), "k must be an integer >= 1, got True"),
        (lambda: m.fraud_ring([("a", "i"), (1, "i")], "a"), r"links\[1\] is not a pair of strings"),
        (lambda: m.fraud_ring([("a", "i")], "i"), "unknown account 'i'"),
        (lambda: m.fraud_rings([("a", "i")], False), "min_size must be an integer >= 1, got False"),
        (lambda: m.fraud_rings("ai"), "links must be a list of pairs of strings"),
        (lambda: m.friends_of_friends([("x", "y"), ("y", "z")], "x", 0), "k must be an integer >= 1, got 0"),
        (lambda: m.fraud_rings([("a", "i"), ("b", "i")], 0), "min_size must be an integer >= 1, got 0"),
    ],
    ids=["triple", "int-in-pair", "string-edge", "none-in-pair", "not-a-list", "unknown-location", "one-item",
         "self-loop-only-person", "k-negative", "k-float", "k-bool", "int-account", "instrument-as-account",
         "min-size-bool", "string-links", "k-zero", "min-size-zero"],
)
def test_bad_input_raises_value_error(call, match):
    with pytest.raises(ValueError, match=match):
        call()


def test_fraud_rings_by_default_keeps_pairs_and_drops_loners():
    links = [("u2", "dev:9"), ("u1", "dev:9"), ("u3", "card:1"), ("u4", "card:2"), ("u5", "card:2"), ("u4", "dev:3"),
             ("u6", "dev:3")]
    got = m.fraud_rings(links)
    expected = [["u4", "u5", "u6"], ["u1", "u2"]]
    assert got == expected, (f"fraud_rings(links) with the default min_size returned {got}, expected {expected}: "
                             "the default is 2, so a ring of two accounts counts and a lone account does not")

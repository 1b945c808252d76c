"""Visible tests for storage.replicas. Run: pytest exercises/storage/test_replicas.py"""
import random

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from graders import kata
from graders.datagen import replicas as gen

rp = kata("storage.replicas")
FARE = "ride 7 fare"


def test_statement_example_lww_loses_the_concurrent_fare():
    a, b = rp.LWWReplica("eu"), rp.LWWReplica("us")
    got = a.put(FARE, 18.5, timestamp=10)
    assert got == {FARE: (18.5, 10, "eu")}, f"LWWReplica('eu').put({FARE!r}, 18.5, timestamp=10) returned {got!r}, expected {{{FARE!r}: (18.5, 10, 'eu')}}"
    b.put(FARE, 20.0, timestamp=11)
    a.merge(b.state())
    b.merge(a.state())
    got = (a.get(FARE), b.get(FARE))
    assert got == (20.0, 20.0), f"after eu and us exchanged states, get({FARE!r}) on each returned {got}, expected (20.0, 20.0): timestamp 11 wins"
    got = a.state()
    assert got == {FARE: (20.0, 11, "us")}, f"eu's state() returned {got!r}, expected {{{FARE!r}: (20.0, 11, 'us')}}"


def test_statement_example_version_vectors_keep_both_fares():
    x, y = rp.VVReplica("eu"), rp.VVReplica("us")
    got = x.put(FARE, 18.5)
    assert got == {FARE: [(18.5, {"eu": 1})]}, f"VVReplica('eu').put({FARE!r}, 18.5) returned {got!r}, expected {{{FARE!r}: [(18.5, {{'eu': 1}})]}}"
    y.put(FARE, 20.0)
    x.merge(y.state())
    y.merge(x.state())
    for name, r in (("eu", x), ("us", y)):
        got = r.get(FARE)
        assert got == [18.5, 20.0], f"{name}.get({FARE!r}) after the exchange returned {got!r}, expected the siblings [18.5, 20.0]"
    got = y.put(FARE, 19.0)
    assert got == {FARE: [(19.0, {"eu": 1, "us": 2})]}, f"us.put({FARE!r}, 19.0) over the siblings returned {got!r}, expected {{{FARE!r}: [(19.0, {{'eu': 1, 'us': 2}})]}}"
    x.merge(got)
    assert x.get(FARE) == [19.0], f"eu.get({FARE!r}) after the resolving write arrived returned {x.get(FARE)!r}, expected [19.0]"


@pytest.mark.parametrize("a, b, expected", [
    ({"eu": 1}, {"us": 1}, "concurrent"),
    ({"eu": 1}, {"eu": 1, "us": 1}, "before"),
    ({"eu": 2, "us": 1}, {"eu": 1, "us": 1}, "after"),
    ({"eu": 1, "us": 3}, {"us": 3, "eu": 1}, "equal"),
    ({}, {"eu": 1}, "before"),
    ({"eu": 2, "us": 1}, {"eu": 1, "us": 2}, "concurrent"),
])
def test_compare(a, b, expected):
    got = rp.compare(a, b)
    assert got == expected, f"compare({a}, {b}) returned {got!r}, expected {expected!r}"


def test_lww_equal_timestamps_break_ties_by_replica_id():
    a, b = rp.LWWReplica("a"), rp.LWWReplica("b")
    a.put("k", "from a", timestamp=5)
    b.put("k", "from b", timestamp=5)
    b.merge(a.state())
    a.merge(b.state())
    got = (a.get("k"), b.get("k"))
    assert got == ("from b", "from b"), f"both wrote at timestamp 5: get('k') on a and b returned {got}, expected ('from b', 'from b'): (5, 'b') > (5, 'a')"


def test_duplicated_and_reordered_messages_change_nothing():
    x, y, z = rp.VVReplica("x"), rp.VVReplica("y"), rp.VVReplica("z")
    m1 = x.put("k", 1)
    y.merge(m1)
    m2 = y.put("k", 2)  # has seen 1
    m3 = z.put("k", 3)  # concurrent with both
    target = rp.VVReplica("t")
    for m in (m2, m3, m1, m2, m1, m3):
        target.merge(m)
    got = target.get("k")
    assert got == [2, 3], f"t merged the messages of writes 1, 2 (which saw 1) and 3 late, twice and out of order; get('k') returned {got!r}, expected [2, 3]"


def test_get_of_an_unknown_key_raises_key_error():
    for cls in ("LWWReplica", "VVReplica"):
        with pytest.raises(KeyError):
            getattr(rp, cls)("eu").get("ride 1 fare")


def test_bad_input():
    with pytest.raises(rp.MalformedMessageError, match=r"^message must be a dict, got list"):
        rp.LWWReplica("eu").merge([("k", 1, 2, "us")])
    with pytest.raises(rp.MalformedMessageError, match=r"version vector count for 'eu' must be an int >= 1, got 0"):
        rp.VVReplica("us").merge({"k": [(1.0, {"eu": 0})]})
    with pytest.raises(rp.MalformedMessageError, match=r"^version vector must be a dict, got list"):
        rp.compare([1, 2], {"eu": 1})
    with pytest.raises(TypeError, match=r"^key must be a str, got int"):
        rp.VVReplica("eu").put(7, 18.5)
    a = rp.LWWReplica("eu")
    a.put("k", 1.0, timestamp=7)
    with pytest.raises(ValueError, match=r"^timestamp 5 is not after this replica's last timestamp 7"):
        a.put("k", 2.0, timestamp=5)


OPS = st.lists(st.tuples(st.sampled_from(["write", "send"]), st.integers(0, 2), st.integers(0, 2),
                         st.sampled_from(["k1", "k2"])), max_size=25)


@settings(max_examples=30, deadline=None)
@given(OPS, st.randoms(use_true_random=False))
def test_converge_after_anti_entropy_to_what_happened(ops, rnd):
    names = ["a", "b", "c"]
    model = gen.CausalModel(names)
    vv = {n: rp.VVReplica(n) for n in names}
    lww = {n: rp.LWWReplica(n) for n in names}
    clock = {n: 0 for n in names}
    in_flight = []
    for op, i, j, key in ops:
        src = names[i]
        if op == "write":
            clock[src] += rnd.randint(1, 2)
            w = model.write(src, key, f"v{len(model.writes)}", clock[src])
            vv[src].put(key, w.value)
            lww[src].put(key, w.value, timestamp=w.timestamp)
        else:
            in_flight.append((names[j], vv[src].state(), lww[src].state(), model.snapshot(src)))
    rnd.shuffle(in_flight)
    for dst, vmsg, lmsg, snap in in_flight + in_flight[: len(in_flight) // 2]:  # some twice
        vv[dst].merge(vmsg)
        lww[dst].merge(lmsg)
        model.deliver(snap, dst)
    # Full anti-entropy: everyone's state to everyone.
    states = [(vv[n].state(), lww[n].state(), model.snapshot(n)) for n in names]
    for n in names:
        for vmsg, lmsg, snap in states:
            vv[n].merge(vmsg)
            lww[n].merge(lmsg)
            model.deliver(snap, n)
    for n in names:
        for key in model.keys(n):
            got, expected = vv[n].get(key), model.siblings(n, key)
            assert got == expected, f"VVReplica {n!r}.get({key!r}) after anti-entropy returned {got}, expected the writes no other write had seen: {expected} (ops {ops})"
            got, expected = lww[n].get(key), model.lww(n, key)[0]
            assert got == expected, f"LWWReplica {n!r}.get({key!r}) after anti-entropy returned {got!r}, expected {expected!r}, the largest (timestamp, replica) (ops {ops})"
    first = gen.normalize_vv(vv["a"].state())
    for n in names[1:]:
        got = gen.normalize_vv(vv[n].state())
        assert got == first, f"after anti-entropy VVReplica {n!r}.state() is {got}, but 'a' holds {first}"


def test_random_fare_edits_converge():
    rnd = random.Random(4)
    names = ["eu", "us", "ap"]
    reps = {n: rp.LWWReplica(n) for n in names}
    for t in range(1, 40):
        reps[rnd.choice(names)].put(f"ride {rnd.randint(1, 5)} fare", round(rnd.uniform(5, 40), 2), timestamp=t)
    states = [reps[n].state() for n in names]
    for n in names:
        for s in states:
            reps[n].merge(s)
    got = {n: reps[n].state() for n in names}
    assert got["eu"] == got["us"] == got["ap"], f"after anti-entropy the LWW states differ: {got}"

"""Hidden tests for storage.replicas: the tie rule and a faster clock for LWW; exact version
vectors, duplicates and dominated siblings on both sides of a merge; compare against a
plain-Python dot-set model at every boundary; refused messages leave the replica as it was;
and a stateful run of random writes, shuffled, duplicated, dropped and delayed messages
checked after every step against a happens-before model written independently of vectors."""
import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st
from hypothesis.stateful import RuleBasedStateMachine, invariant, precondition, rule

from graders import kata
from graders.datagen import replicas as gen

rp = kata("storage.replicas")


# --- cheap, targeted checks first ------------------------------------------------------------

@pytest.mark.parametrize("order", ["low first", "high first"])
def test_lww_tie_on_timestamp_goes_to_the_larger_replica_id_in_any_order(order):
    low, high = {"fare": (31.0, 8, "ap")}, {"fare": (12.0, 8, "us")}
    r = rp.LWWReplica("eu")
    for m in ([low, high] if order == "low first" else [high, low]):
        r.merge(m)
    got = r.get("fare")
    assert got == 12.0, (f"eu merged {low} and {high} ({order}): get('fare') returned {got!r}, expected 12.0: "
                         "(8, 'us') > (8, 'ap')")
    got = r.state()
    assert got == {"fare": (12.0, 8, "us")}, f"eu.state() returned {got!r}, expected {{'fare': (12.0, 8, 'us')}}"


def test_lww_local_write_loses_to_a_larger_stamp_already_held():
    r = rp.LWWReplica("eu")
    r.merge({"fare": [40.0, 100, "us"]})  # us's clock runs ahead (lists accepted like tuples)
    got = r.put("fare", 18.5, timestamp=3)
    assert got == {"fare": (18.5, 3, "eu")}, f"eu.put('fare', 18.5, timestamp=3) returned {got!r}, expected {{'fare': (18.5, 3, 'eu')}}"
    got = r.get("fare")
    assert got == 40.0, (f"eu held (40.0, 100, 'us'), then put 18.5 at timestamp 3: get('fare') returned {got!r}, "
                         "expected 40.0 (last writer wins by stamp, not by arrival: a replica that let its own "
                         "write win would never converge with us)")
    r.put("fare", 19.0, timestamp=101)
    assert r.get("fare") == 19.0, f"eu then put 19.0 at timestamp 101: get('fare') returned {r.get('fare')!r}, expected 19.0"


def test_lww_merge_of_an_older_entry_changes_nothing_and_keys_are_independent():
    r = rp.LWWReplica("eu")
    r.put("ride 1 fare", 10.0, timestamp=5)
    r.merge({"ride 1 fare": (99.0, 4, "zz"), "ride 2 fare": (7.0, 1, "us")})
    got = r.state()
    expected = {"ride 1 fare": (10.0, 5, "eu"), "ride 2 fare": (7.0, 1, "us")}
    assert got == expected, f"eu.state() after merging an older ride 1 and a new ride 2 returned {got!r}, expected {expected!r}"


def test_vv_put_vector_is_the_join_of_the_siblings_plus_one_of_its_own():
    r = rp.VVReplica("us")
    r.merge({"fare": [(1.0, {"eu": 3, "us": 1}), (2.0, {"ap": 2, "us": 4})]})
    got = r.put("fare", 5.0)
    expected = {"fare": [(5.0, {"ap": 2, "eu": 3, "us": 5})]}
    assert got == expected, (f"us held siblings with vectors {{'eu': 3, 'us': 1}} and {{'ap': 2, 'us': 4}}; put('fare', 5.0) "
                             f"returned {got!r}, expected {expected!r}")
    got = r.put("other", 1.0)
    assert got == {"other": [(1.0, {"us": 1})]}, f"us.put('other', 1.0) on a new key returned {got!r}, expected {{'other': [(1.0, {{'us': 1}})]}}"
    got = r.put("fare", 6.0)
    assert got == {"fare": [(6.0, {"ap": 2, "eu": 3, "us": 6})]}, f"us.put('fare', 6.0) after 5.0 returned {got!r}"


def test_vv_merge_drops_held_siblings_the_message_has_seen():
    r = rp.VVReplica("eu")
    r.put("fare", 1.0)                                   # {eu: 1}
    r.merge({"fare": [(2.0, {"us": 1})]})                # concurrent: both kept
    assert r.get("fare") == [1.0, 2.0], f"eu.get('fare') with two concurrent writes returned {r.get('fare')!r}, expected [1.0, 2.0]"
    r.merge({"fare": [(3.0, {"eu": 1, "us": 1})]})       # has seen both
    got = r.get("fare")
    assert got == [3.0], (f"eu held 1.0 {{'eu': 1}} and 2.0 {{'us': 1}}, then merged 3.0 {{'eu': 1, 'us': 1}}: get('fare') "
                          f"returned {got!r}, expected [3.0] (the held siblings are before it)")
    r.merge({"fare": [(1.0, {"eu": 1}), (2.0, {"us": 1})]})  # old news, late
    got = r.get("fare")
    assert got == [3.0], f"eu then merged the two old writes again, late: get('fare') returned {got!r}, expected [3.0]"


def test_vv_duplicates_are_kept_once():
    r = rp.VVReplica("eu")
    m = {"fare": [(2.0, {"us": 1})]}
    r.merge(m)
    r.merge(m)
    r.merge({"fare": [(2.0, {"us": 1}), (2.0, {"us": 1})]})
    got = r.state()
    assert gen.normalize_vv(got) == {"fare": [(2.0, [("us", 1)])]}, f"eu merged one write three times: state() returned {got!r}, expected {{'fare': [(2.0, {{'us': 1}})]}}"


def test_vv_state_is_the_documented_message():
    r = rp.VVReplica("eu")
    r.put("a", "x")
    r.merge({"a": [("y", {"us": 2})], "b": [("z", {"ap": 1})]})
    got = r.state()
    assert isinstance(got, dict) and all(isinstance(s, list) and all(isinstance(x, tuple) and len(x) == 2 for x in s)
                                         for s in got.values()), \
        f"eu.state() returned {got!r}, expected {{key: [(value, version_vector), ...]}}"
    expected = {"a": [("x", [("eu", 1)]), ("y", [("us", 2)])], "b": [("z", [("ap", 1)])]}
    assert gen.normalize_vv(got) == expected, f"eu.state() returned {got!r}, expected {expected} (normalized)"
    other = rp.VVReplica("us")
    other.merge(got)  # a state is a message
    assert gen.normalize_vv(other.state()) == expected, f"us merged eu's state and holds {other.state()!r}"


def dots(vv):
    """A version vector as the set of writes it counts: {'eu': 2} -> {('eu', 1), ('eu', 2)}."""
    return {(r, i) for r, n in vv.items() for i in range(1, n + 1)}


def dot_compare(a, b):
    da, db = dots(a), dots(b)
    return "equal" if da == db else "before" if da < db else "after" if da > db else "concurrent"


VECTORS = st.dictionaries(st.sampled_from(["eu", "us", "ap"]), st.integers(1, 3), max_size=3)


@settings(max_examples=60)
@given(VECTORS, VECTORS)
@example({}, {})
@example({}, {"eu": 1})
@example({"eu": 1}, {})
@example({"eu": 2}, {"eu": 1, "us": 1})
@example({"eu": 1, "us": 1}, {"eu": 1})
@example({"eu": 3, "us": 1}, {"us": 1, "eu": 3})
@example({"eu": 1, "us": 2, "ap": 3}, {"eu": 1, "us": 2, "ap": 2})
def test_compare_matches_the_dot_sets(a, b):
    got, expected = rp.compare(a, b), dot_compare(a, b)
    assert got == expected, f"compare({a}, {b}) returned {got!r}, expected {expected!r}"


# --- bad input --------------------------------------------------------------------------------

@pytest.mark.parametrize("message, error", [
    ({"ok": (1.0, 1, "us"), "bad": (1.0, "2", "us")}, r"entry for key 'bad' must be \(value, timestamp, replica_id\), got \(1.0, '2', 'us'\)"),
    ({"ok": (1.0, 1, "us"), "bad": [1, 2]}, r"entry for key 'bad' must be \(value, timestamp, replica_id\), got \[1, 2\]"),
    ({"ok": (1.0, 1, "us"), "bad": (1.0, True, "us")}, r"entry for key 'bad' must be"),
    ({"ok": (1.0, 1, "us"), 3: (1.0, 1, "us")}, r"message key must be a str, got int"),
    ("fare", r"message must be a dict, got str"),
])
def test_lww_refused_message_leaves_the_replica_unchanged(message, error):
    r = rp.LWWReplica("eu")
    r.put("ok", 0.5, timestamp=0)
    with pytest.raises(rp.MalformedMessageError, match=error):
        r.merge(message)
    got = r.state()
    assert got == {"ok": (0.5, 0, "eu")}, f"eu.merge({message!r}) was refused, yet state() became {got!r}; expected it unchanged"


@pytest.mark.parametrize("message, error", [
    ({"ok": [(1.0, {"us": 1})], "bad": [(1.0, {"us": 0})]}, r"version vector count for 'us' must be an int >= 1, got 0"),
    ({"ok": [(1.0, {"us": 1})], "bad": [(1.0, {"us": 1.0})]}, r"version vector count for 'us' must be an int >= 1, got 1.0"),
    ({"ok": [(1.0, {"us": 1})], "bad": [(1.0, {"us": True})]}, r"version vector count for 'us' must be an int >= 1, got True"),
    ({"ok": [(1.0, {"us": 1})], "bad": [(1.0, {5: 1})]}, r"version vector replica id must be a str, got int"),
    ({"ok": [(1.0, {"us": 1})], "bad": [(1.0, [("us", 1)])]}, r"version vector must be a dict, got list"),
    ({"ok": [(1.0, {"us": 1})], "bad": []}, r"siblings of key 'bad' must be a non-empty list, got \[\]"),
    ({"ok": [(1.0, {"us": 1})], "bad": [(1.0,)]}, r"sibling of key 'bad' must be \(value, version_vector\), got \(1.0,\)"),
    ([], r"message must be a dict, got list"),
])
def test_vv_refused_message_leaves_the_replica_unchanged(message, error):
    r = rp.VVReplica("eu")
    r.put("ok", 0.5)
    with pytest.raises(rp.MalformedMessageError, match=error):
        r.merge(message)
    got = gen.normalize_vv(r.state())
    assert got == {"ok": [(0.5, [("eu", 1)])]}, f"eu.merge({message!r}) was refused, yet state() became {r.state()!r}; expected it unchanged"


def test_other_bad_input():
    for a, b, error in [({"eu": 1}, {"us": -1}, r"version vector count for 'us' must be an int >= 1, got -1"),
                        ({"eu": 1}, None, r"version vector must be a dict, got NoneType"),
                        ({("eu",): 1}, {}, r"version vector replica id must be a str, got tuple")]:
        with pytest.raises(rp.MalformedMessageError, match=error):
            rp.compare(a, b)
    for cls, args in (("LWWReplica", (1.0, 1)), ("VVReplica", (1.0,))):
        with pytest.raises(TypeError, match=r"^key must be a str, got NoneType"):
            getattr(rp, cls)("eu").put(None, *args)
    r = rp.LWWReplica("eu")
    r.put("a", 1.0, timestamp=4)
    with pytest.raises(ValueError, match=r"^timestamp 4 is not after this replica's last timestamp 4"):
        r.put("b", 2.0, timestamp=4)  # the clock is the replica's, across keys
    assert r.state() == {"a": (1.0, 4, "eu")}, f"a refused put changed the state: {r.state()!r}"
    for cls in ("LWWReplica", "VVReplica"):
        with pytest.raises(KeyError):
            getattr(rp, cls)("eu").get("missing")


# --- a stateful run against the happens-before model -----------------------------------------

NAMES = ["ap", "eu", "us"]
KEYS = ["ride 1 fare", "ride 2 fare"]


class Replicas(RuleBasedStateMachine):
    """Three regions of each kind; every write goes to both kinds, so one history checks both."""

    def __init__(self):
        super().__init__()
        self.vv = {n: rp.VVReplica(n) for n in NAMES}
        self.lww = {n: rp.LWWReplica(n) for n in NAMES}
        # One model per kind: an LWW write's message carries that write alone, a VV write's
        # message carries its vector, which stands for its whole past.
        self.vmodel, self.lmodel = gen.CausalModel(NAMES), gen.CausalModel(NAMES)
        self.clock = {n: 0 for n in NAMES}
        self.network = []  # (kind, message, what it carries): delivered any number of times

    @rule(r=st.sampled_from(NAMES), key=st.sampled_from(KEYS), tick=st.integers(0, 3))
    def write(self, r, key, tick):
        # Clocks of their own, some ahead: equal timestamps across regions, and local writes
        # that lose to a stamp already held.
        self.clock[r] += 1 + tick * (NAMES.index(r) + 1)
        value = 10.0 + len(self.vmodel.writes) / 4  # every write its own fare
        vw = self.vmodel.write(r, key, value)
        lw = self.lmodel.write(r, key, value, self.clock[r])
        self.network.append(("vv", self.vv[r].put(key, value), {key: vw.past | {vw.id}}))
        self.network.append(("lww", self.lww[r].put(key, value, timestamp=self.clock[r]), {key: frozenset({lw.id})}))

    @rule(r=st.sampled_from(NAMES))
    def send_state(self, r):
        self.network.append(("vv", self.vv[r].state(), self.vmodel.snapshot(r)))
        self.network.append(("lww", self.lww[r].state(), self.lmodel.snapshot(r)))

    @precondition(lambda self: self.network)
    @rule(i=st.integers(0, 10_000), dst=st.sampled_from(NAMES))
    def deliver(self, i, dst):
        kind, message, carries = self.network[i % len(self.network)]
        (self.vv if kind == "vv" else self.lww)[dst].merge(message)
        (self.vmodel if kind == "vv" else self.lmodel).deliver(carries, dst)

    @precondition(lambda self: self.network)
    @rule(i=st.integers(0, 10_000))
    def drop(self, i):
        del self.network[i % len(self.network)]

    @rule()
    def anti_entropy(self):
        self.exchange()

    def exchange(self):
        states = [(self.vv[n].state(), self.vmodel.snapshot(n), self.lww[n].state(), self.lmodel.snapshot(n))
                  for n in NAMES]
        for n in NAMES:
            for vstate, vsnap, lstate, lsnap in states:
                self.vv[n].merge(vstate)
                self.vmodel.deliver(vsnap, n)
                self.lww[n].merge(lstate)
                self.lmodel.deliver(lsnap, n)

    @invariant()
    def every_replica_shows_what_happened(self):
        for n in NAMES:
            got, expected = gen.normalize_vv(self.vv[n].state()), self.vmodel.vv_state(n)
            assert got == expected, (
                f"VVReplica {n!r}.state() (normalized) is {got}, expected {expected}: per key, every write no other "
                "write it has received had seen, each with {replica: that replica's writes in its history}")
            got, expected = gen.normalize_lww(self.lww[n].state()), self.lmodel.lww_state(n)
            assert got == expected, (f"LWWReplica {n!r}.state() is {got}, expected {expected}: per key, the largest "
                                     "(timestamp, replica) among the writes it has received")
            for key in self.vmodel.keys(n):
                got, expected = self.vv[n].get(key), self.vmodel.siblings(n, key)
                assert got == expected, f"VVReplica {n!r}.get({key!r}) returned {got}, expected {expected} (sorted siblings)"

    def teardown(self):
        self.exchange()
        everything = {k: sorted(self.vmodel.writes[i].id for i in ids) for k, ids in self.vmodel.seen[NAMES[0]].items()}
        states = {n: gen.normalize_vv(self.vv[n].state()) for n in NAMES}
        assert states["ap"] == states["eu"] == states["us"], f"after full anti-entropy the VV replicas differ: {states}"
        assert states["ap"] == self.vmodel.vv_state("ap"), f"after full anti-entropy VV states {states['ap']} miss writes of {everything}"
        lstates = {n: self.lww[n].state() for n in NAMES}
        assert lstates["ap"] == lstates["eu"] == lstates["us"], f"after full anti-entropy the LWW replicas differ: {lstates}"


TestReplicas = Replicas.TestCase
TestReplicas.settings = settings(max_examples=40, stateful_step_count=30, deadline=None)

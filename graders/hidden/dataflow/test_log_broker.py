"""Hidden tests for dataflow.log_broker: the partitioner against crc32 itself; retention at
its boundaries (exactly retention_s old, exactly retention_bytes); offsets never reused; replay
at exactly the earliest offset and at the end; range assignment against numpy.array_split;
commits only by the owner; every group gets every event; and a stateful run of produce,
clock, join, crash, poll, commit and fetch checked at every step against a plain model."""
import zlib

import numpy as np
import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st
from hypothesis.stateful import RuleBasedStateMachine, invariant, precondition, rule

from graders import kata
from graders.datagen import log_broker as gen

lb = kata("dataflow.log_broker")


def offsets_of(events):
    return [e.offset for e in events]


def broker_with(partitions=1, **kw):
    clock = lb.ManualClock(1000.0)
    broker = lb.Broker(clock=clock, **kw)
    broker.create_topic("rides", partitions)
    return broker, clock


# --- cheap, targeted checks first ------------------------------------------------------------

def test_partition_is_crc32_of_the_key_for_many_keys():
    broker, _ = broker_with(partitions=7)
    keys = [f"driver-{i}" for i in range(60)] + ["", "rider é", "東京-42", "a" * 100]
    for key in keys:
        got = tuple(broker.produce("rides", key, b"x"))[0]
        expected = zlib.crc32(key.encode("utf-8")) % 7
        assert got == expected, (f"produce('rides', {key!r}, b'x') went to partition {got}, expected {expected} = "
                                 "crc32(key.encode('utf-8')) % 7: a partitioner must be the same in every process")


def test_order_per_key_holds_across_many_interleaved_keys():
    broker, _ = broker_with(partitions=4)
    rides = gen.rides(200, seed=7)
    for key, value in rides:
        broker.produce("rides", key, value)
    for key in gen.DRIVERS:
        p = zlib.crc32(key.encode()) % 4
        got = [e.value for e in broker.fetch("rides", p, 0, max_events=1000) if e.key == key]
        expected = [v for k, v in rides if k == key]
        assert got == expected, f"{key}'s events in partition {p} are not the {len(expected)} it produced, in order"


@pytest.mark.parametrize("age, kept", [(9.999, True), (10.0, True), (10.001, False), (50, False)])
def test_time_retention_boundary(age, kept):
    broker, clock = broker_with(retention_s=10)
    broker.produce("rides", "driver-1", b"old")
    clock.advance(age)
    got = tuple(broker.offsets("rides", 0))
    expected = (0, 1) if kept else (1, 1)
    assert got == expected, (f"an event {age} s old with retention_s=10: offsets returned {got}, expected {expected} "
                             "(expired only when clock() - ts > retention_s)")


def test_time_retention_uses_the_given_ts_and_drops_only_from_the_start():
    broker, clock = broker_with(retention_s=10)             # now 1000
    broker.produce("rides", "driver-1", b"a", ts=995.0)
    broker.produce("rides", "driver-1", b"b", ts=980.0)     # already old, but behind a younger one
    broker.produce("rides", "driver-1", b"c")               # ts 1000
    got = [e.value for e in broker.fetch("rides", 0, 0, 10)]
    assert got == [b"a", b"b", b"c"], f"retention drops from the start of the log only: retained values {got}"
    clock.advance(6)                                        # 1006: a (995) expired, so b (980) goes too
    got = tuple(broker.offsets("rides", 0))
    assert got == (2, 3), f"at 1006, events of ts 995 and 980 at the start have expired: offsets {got}, expected (2, 3)"
    got = [(e.offset, e.ts) for e in broker.fetch("rides", 0, 2, 10)]
    assert got == [(2, 1000.0)], f"fetch from offset 2 gave {got}, expected [(2, 1000.0)]: ts is clock() when not given"


def test_size_retention_boundaries_and_the_oldest_go_first():
    broker, _ = broker_with(retention_bytes=12)
    broker.produce("rides", "driver-1", b"x" * 12)         # exactly the budget: kept
    assert tuple(broker.offsets("rides", 0)) == (0, 1), f"a 12-byte value with retention_bytes=12 must be kept: offsets {broker.offsets('rides', 0)}"
    for v in (b"aaaa", b"bbbb", b"cccc"):
        broker.produce("rides", "driver-1", v)
    got = [(e.offset, e.value) for e in broker.fetch("rides", 0, 1, 10)]
    assert got == [(1, b"aaaa"), (2, b"bbbb"), (3, b"cccc")], f"retention_bytes=12 keeps the newest 12 bytes: retained {got}"
    broker.produce("rides", "driver-1", b"dddddddd")
    got = [(e.offset, e.value) for e in broker.fetch("rides", 0, 3, 10)]
    assert got == [(3, b"cccc"), (4, b"dddddddd")], f"an 8-byte value pushes out the two oldest: retained {got}"
    with pytest.raises(ValueError, match=r"^a value of 13 bytes can never fit retention_bytes 12"):
        broker.produce("rides", "driver-1", b"y" * 13)


def test_size_retention_is_per_partition():
    broker, _ = broker_with(partitions=2, retention_bytes=8)
    for i in range(4):
        broker.produce("rides", "driver-8", b"1111")       # partition 1
    broker.produce("rides", "driver-7", b"0000")           # partition 0
    got = [tuple(broker.offsets("rides", p)) for p in (0, 1)]
    assert got == [(0, 1), (2, 4)], f"4 values of 4 bytes in partition 1 and one in partition 0, retention_bytes=8: offsets {got}"


def test_offsets_are_never_reused_after_everything_expired():
    broker, clock = broker_with(retention_s=5)
    for i in range(3):
        broker.produce("rides", "driver-1", b"%d" % i)
    clock.advance(6)
    assert tuple(broker.offsets("rides", 0)) == (3, 3), f"all 3 expired: offsets {broker.offsets('rides', 0)}, expected (3, 3)"
    got = [tuple(broker.produce("rides", "driver-1", b"new"))[1] for _ in range(2)]
    assert got == [3, 4], f"produce after everything expired returned offsets {got}, expected [3, 4]"
    got = [(e.offset, e.value) for e in broker.fetch("rides", 0, 3, 10)]
    assert got == [(3, b"new"), (4, b"new")], f"fetch('rides', 0, 3, 10) gave {got}"


def test_fetch_range_boundaries():
    broker, clock = broker_with(retention_bytes=3)
    for v in (b"a", b"b", b"c", b"d", b"e"):
        broker.produce("rides", "driver-1", v)             # retained: c d e at offsets 2..4, end 5
    got = [e.value for e in broker.fetch("rides", 0, 2, 10)]
    assert got == [b"c", b"d", b"e"], f"fetch at exactly the earliest retained offset 2 gave {got}, expected [c, d, e]"
    assert broker.fetch("rides", 0, 5, 10) == [], "fetch at the end offset must give []"
    assert [e.value for e in broker.fetch("rides", 0, 3, 1)] == [b"d"], "fetch(.., 3, max_events=1) must give [d]"
    for offset in (1, 6, -1):
        with pytest.raises(lb.OffsetOutOfRange, match=rf"^offset {offset} is out of range \[2, 5\] of rides/0"):
            broker.fetch("rides", 0, offset, 10)


def range_oracle(partitions, members):
    return {m: [int(p) for p in chunk] for m, chunk in zip(sorted(members), np.array_split(np.arange(partitions), len(members)))}


@settings(max_examples=60, deadline=None)
@given(partitions=st.integers(1, 9), members=st.sets(st.sampled_from("abcdefghij"), min_size=1, max_size=8))
@example(partitions=1, members={"b", "a"})
@example(partitions=5, members={"a", "b"})
@example(partitions=7, members={"c", "a", "b"})
def test_range_assignment_matches_array_split(partitions, members):
    broker = lb.Broker(clock=lb.ManualClock())
    broker.create_topic("rides", partitions)
    for m in sorted(members, reverse=True):
        got = broker.join("rides", "billing", m)
    expected = range_oracle(partitions, members)
    assert got == expected, f"{partitions} partitions, members {sorted(members)}: the assignment is {got}, expected {expected}"
    again = broker.join("rides", "billing", sorted(members)[0])
    assert again == expected, f"joining twice changed the assignment to {again}"


def test_join_and_leave_rebalance_from_the_commits():
    broker, _ = broker_with(partitions=2)
    for i in range(5):
        broker.produce("rides", "driver-7", b"p0-%d" % i)   # partition 0
        broker.produce("rides", "driver-8", b"p1-%d" % i)   # partition 1
    broker.join("rides", "billing", "a")
    got = [(e.partition, e.offset) for e in broker.poll("rides", "billing", "a", max_events=7)]
    assert got == [(0, 0), (0, 1), (0, 2), (0, 3), (0, 4), (1, 0), (1, 1)], f"a's poll(max_events=7) gave {got}"
    broker.commit("rides", "billing", "a", 0, 3)
    broker.commit("rides", "billing", "a", 1, 1)
    broker.join("rides", "billing", "b")                    # a keeps 0, b takes 1
    got = offsets_of(broker.poll("rides", "billing", "a", max_events=10))
    assert got == [3, 4], f"after a rebalance a restarts partition 0 at its commit 3: poll gave {got}, expected [3, 4]"
    got = offsets_of(broker.poll("rides", "billing", "b", max_events=10))
    assert got == [1, 2, 3, 4], f"b took partition 1, committed at 1: poll gave {got}, expected [1, 2, 3, 4]"
    broker.leave("rides", "billing", "b")                   # b crashes, nothing committed
    got = offsets_of(broker.poll("rides", "billing", "a", max_events=10))
    assert got == [3, 4, 1, 2, 3, 4], f"b crashed: a gets partition 0 from 3 and partition 1 from 1 again: {got}"
    assert broker.poll("rides", "billing", "a", max_events=10) == [], "a has read everything: the next poll must be []"


def test_an_expired_commit_restarts_at_the_earliest_retained_offset():
    broker, clock = broker_with(retention_s=13)
    for i in range(4):
        clock.advance(4 if i else 0)
        broker.produce("rides", "driver-1", b"%d" % i)      # ts 1000, 1004, 1008, 1012
    broker.join("rides", "billing", "a")
    got = offsets_of(broker.poll("rides", "billing", "a", max_events=1))
    assert got == [0], f"a's first poll(max_events=1) gave {got}, expected [0]"
    clock.advance(6)  # now 1018: offsets 0 (ts 1000) and 1 (ts 1004) have expired
    got = offsets_of(broker.poll("rides", "billing", "a", max_events=10))
    assert got == [2, 3], f"a's position 1 has expired: its poll gave {got}, expected [2, 3]"
    broker.join("rides", "billing", "b")                    # b gets nothing of one partition
    broker.leave("rides", "billing", "b")
    got = offsets_of(broker.poll("rides", "billing", "a", max_events=10))
    assert got == [2, 3], f"nothing committed and 0-1 expired: after a rebalance a restarts at 2: {got}"


def test_commits_only_by_the_owner_and_in_range():
    broker, _ = broker_with(partitions=2)
    broker.produce("rides", "driver-8", b"x")
    broker.join("rides", "billing", "b1")
    broker.join("rides", "billing", "b2")
    with pytest.raises(lb.NotAssigned, match=r"^b1 does not own partition 1 of rides in group billing"):
        broker.commit("rides", "billing", "b1", 1, 1)
    with pytest.raises(lb.UnknownConsumer, match=r"^zed is not a member of group billing on rides"):
        broker.commit("rides", "billing", "zed", 1, 1)
    with pytest.raises(lb.OffsetOutOfRange, match=r"^offset 2 is out of range \[0, 1\] of rides/1"):
        broker.commit("rides", "billing", "b2", 1, 2)
    assert broker.committed("rides", "billing", 1) is None, "refused commits changed the committed offset"
    broker.commit("rides", "billing", "b2", 1, 1)
    got = broker.committed("rides", "billing", 1)
    assert got == 1, f"committed('rides', 'billing', 1) after b2 committed 1 is {got!r}"
    broker.leave("rides", "billing", "b2")
    broker.commit("rides", "billing", "b1", 1, 0)           # the new owner may commit (even backwards)
    assert broker.committed("rides", "billing", 1) == 0, "the new owner of partition 1 could not commit"
    with pytest.raises(lb.UnknownConsumer, match=r"^b2 is not a member of group billing on rides"):
        broker.leave("rides", "billing", "b2")


def test_every_group_gets_every_event_independently():
    broker, _ = broker_with(partitions=3)
    produced = [tuple(broker.produce("rides", k, v)) for k, v in gen.rides(45, seed=3)]
    groups = {"billing": ["a", "b"], "pricing": ["p"], "fraud": ["x", "y", "z", "w"]}
    for group, members in groups.items():
        for m in members:
            broker.join("rides", group, m)
    for group, members in groups.items():
        got = sorted((e.partition, e.offset) for m in members for e in broker.poll("rides", group, m, max_events=1000))
        assert got == sorted(produced), f"group {group}'s members together got {len(got)} events (duplicates included), expected each of the {len(produced)} once"
        if group == "billing":
            broker.commit("rides", group, "a", 0, 1)
    assert broker.committed("rides", "pricing", 0) is None, "a commit of group billing shows as pricing's"


def test_fetch_and_poll_take_at_most_100_events_by_default():
    broker, _ = broker_with()
    for i in range(101):
        broker.produce("rides", "driver-1", b"%d" % i)
    got = offsets_of(broker.fetch("rides", 0, 0))
    assert got == list(range(100)), f"fetch('rides', 0, 0) over 101 events returned {len(got)} events, expected offsets 0..99"
    broker.join("rides", "billing", "b1")
    got = offsets_of(broker.poll("rides", "billing", "b1"))
    assert got == list(range(100)), f"poll() with the default max_events over 101 events returned {len(got)} events, expected 0..99"
    got = offsets_of(broker.poll("rides", "billing", "b1"))
    assert got == [100], f"the second poll() over 101 events returned offsets {got}, expected [100]"


def test_bad_input_changes_nothing():
    broker, _ = broker_with(partitions=2, retention_bytes=50)
    broker.produce("rides", "driver-8", b"kept")
    broker.join("rides", "billing", "b1")
    cases = [
        (lambda: broker.fetch("trips", 0, 0, 1), lb.UnknownTopic, r"^no topic 'trips'"),
        (lambda: broker.join("trips", "g", "c"), lb.UnknownTopic, r"^no topic 'trips'"),
        (lambda: broker.offsets("trips", 0), lb.UnknownTopic, r"^no topic 'trips'"),
        (lambda: broker.create_topic("rides", 3), ValueError, r"^topic 'rides' already exists"),
        (lambda: broker.create_topic("t", -1), ValueError, r"^partitions must be an int >= 1, got -1"),
        (lambda: broker.create_topic("t", 1.5), ValueError, r"^partitions must be an int >= 1, got 1.5"),
        (lambda: broker.create_topic("t", 0), ValueError, r"^partitions must be an int >= 1, got 0"),
        (lambda: broker.offsets("rides", -1), ValueError, r"^topic 'rides' has no partition -1"),
        (lambda: broker.offsets("rides", 2), ValueError, r"^topic 'rides' has no partition 2"),
        (lambda: broker.fetch("rides", 2, 0, 1), ValueError, r"^topic 'rides' has no partition 2"),
        (lambda: broker.produce("rides", b"k", b"x"), TypeError, r"^key must be a str, got bytes"),
        (lambda: broker.produce("rides", "k", bytearray(b"x")), TypeError, r"^value must be bytes, got bytearray"),
        (lambda: broker.produce("rides", "k", None), TypeError, r"^value must be bytes, got NoneType"),
        (lambda: broker.produce("rides", "k", b"z" * 51), ValueError, r"^a value of 51 bytes can never fit retention_bytes 50"),
        (lambda: broker.poll("rides", "billing", "b1", 0), ValueError, r"^max_events must be an int >= 1, got 0"),
        (lambda: broker.poll("rides", "billing", "b9", 1), lb.UnknownConsumer, r"^b9 is not a member of group billing on rides"),
        (lambda: broker.fetch("rides", 1, 2, 1), lb.OffsetOutOfRange, r"^offset 2 is out of range \[0, 1\] of rides/1"),
    ]
    for call, error, message in cases:
        with pytest.raises(error, match=message):
            call()
    assert [tuple(broker.offsets("rides", p)) for p in (0, 1)] == [(0, 0), (0, 1)], "refused calls changed the log"
    got = offsets_of(broker.poll("rides", "billing", "b1", 10))
    assert got == [0], f"refused calls changed what b1 polls: {got}"
    assert issubclass(lb.OffsetOutOfRange, lb.BrokerError) and issubclass(lb.NotAssigned, lb.BrokerError)


@settings(max_examples=60, deadline=None)
@given(values=st.lists(st.binary(min_size=0, max_size=9), min_size=0, max_size=25), budget=st.integers(9, 40),
       start=st.integers(0, 30), max_events=st.integers(1, 30))
@example(values=[b"abc"] * 5, budget=9, start=2, max_events=3)
def test_replay_from_any_retained_offset_gives_exactly_the_produced_events(values, budget, start, max_events):
    broker, _ = broker_with(retention_bytes=budget)
    for v in values:
        broker.produce("rides", "driver-1", v)
    # the oracle: the longest suffix of values that fits the budget
    earliest, total = len(values), 0
    while earliest > 0 and total + len(values[earliest - 1]) <= budget:
        earliest -= 1
        total += len(values[earliest])
    got = tuple(broker.offsets("rides", 0))
    assert got == (earliest, len(values)), f"{len(values)} values, retention_bytes={budget}: offsets {got}, expected {(earliest, len(values))}"
    offset = earliest + start % (len(values) - earliest + 1)
    got = [(e.offset, e.value) for e in broker.fetch("rides", 0, offset, max_events)]
    expected = list(enumerate(values))[offset:offset + max_events]
    assert got == expected, f"fetch('rides', 0, {offset}, {max_events}) gave {got}, expected {expected}"


# --- a stateful run against a plain model -------------------------------------------------------

P, RETENTION_S, RETENTION_BYTES = 3, 20.0, 24
KEYS = ["driver-1", "driver-2", "driver-3", "driver-4", "driver-5"]
GROUPS, CONSUMERS = ["billing", "pricing"], ["a", "b", "c"]


class ModelLog:
    """Every event ever produced, per partition, and how many were dropped from the start."""

    def __init__(self):
        self.all = {p: [] for p in range(P)}   # (key, value, ts); offset = index
        self.gone = {p: 0 for p in range(P)}

    def expire(self, now):
        for p, events in self.all.items():
            while self.gone[p] < len(events) and now - events[self.gone[p]][2] > RETENTION_S:
                self.gone[p] += 1

    def shrink(self, p):
        while sum(len(v) for _, v, _ in self.all[p][self.gone[p]:]) > RETENTION_BYTES:
            self.gone[p] += 1

    def retained(self, p, start, n):
        return [(p, o, *self.all[p][o]) for o in range(max(start, self.gone[p]), len(self.all[p]))][:n]


class BrokerMachine(RuleBasedStateMachine):
    def __init__(self):
        super().__init__()
        self.now = 500.0
        self.clock = lb.ManualClock(self.now)
        self.broker = lb.Broker(retention_s=RETENTION_S, retention_bytes=RETENTION_BYTES, clock=self.clock)
        self.broker.create_topic("rides", P)
        self.log = ModelLog()
        self.members = {g: [] for g in GROUPS}
        self.committed = {g: {} for g in GROUPS}
        self.position = {g: {} for g in GROUPS}   # partition -> next offset, for owned partitions
        self.in_flight = {g: {} for g in GROUPS}  # (p, offset) -> consumer that got it, not yet committed

    def owners(self, g):
        if not self.members[g]:
            return {}
        return {int(p): m for m, chunk in zip(sorted(self.members[g]), np.array_split(np.arange(P), len(self.members[g])))
                for p in chunk}

    def rebalance(self, g):
        self.position[g] = {p: self.committed[g].get(p, 0) for p in self.owners(g)}
        self.in_flight[g] = {}

    @rule(key=st.sampled_from(KEYS), size=st.integers(0, 9), age=st.sampled_from([None, None, 0.0, 5.0, 30.0]))
    def produce(self, key, size, age):
        value = bytes([65 + size]) * size
        ts = None if age is None else self.now - age
        got = tuple(self.broker.produce("rides", key, value, ts=ts))
        self.log.expire(self.now)
        p = zlib.crc32(key.encode()) % P
        expected = (p, len(self.log.all[p]))
        assert got == expected, f"produce('rides', {key!r}, {size} bytes) returned {got}, expected {expected}"
        self.log.all[p].append((key, value, self.now if ts is None else ts))
        self.log.shrink(p)

    @rule(seconds=st.sampled_from([0.5, 3.0, 7.0, 20.0]))
    def tick(self, seconds):
        self.clock.advance(seconds)
        self.now += seconds

    @rule(g=st.sampled_from(GROUPS), c=st.sampled_from(CONSUMERS))
    def join(self, g, c):
        got = self.broker.join("rides", g, c)
        if c not in self.members[g]:
            self.members[g].append(c)
            self.rebalance(g)
        expected = {m: sorted(p for p, o in self.owners(g).items() if o == m) for m in self.members[g]}
        assert got == expected, f"join('rides', {g!r}, {c!r}) returned {got}, expected {expected}"

    @precondition(lambda self: any(self.members.values()))
    @rule(pick=st.integers(0, 100))
    def crash(self, pick):
        pairs = [(g, m) for g in GROUPS for m in sorted(self.members[g])]
        g, c = pairs[pick % len(pairs)]
        self.broker.leave("rides", g, c)
        self.members[g].remove(c)
        self.rebalance(g)

    @precondition(lambda self: any(self.members.values()))
    @rule(pick=st.integers(0, 100), n=st.integers(1, 5))
    def poll(self, pick, n):
        pairs = [(g, m) for g in GROUPS for m in sorted(self.members[g])]
        g, c = pairs[pick % len(pairs)]
        self.log.expire(self.now)
        got = [(e.partition, e.offset, e.key, e.value, e.ts) for e in self.broker.poll("rides", g, c, max_events=n)]
        expected = []
        for p in sorted(p for p, o in self.owners(g).items() if o == c):
            batch = self.log.retained(p, self.position[g][p], n - len(expected))
            expected += batch
            self.position[g][p] = max(self.position[g][p], self.log.gone[p]) + len(batch)
        assert got == expected, (f"group {g}: {c}.poll(max_events={n}) gave {[(p, o) for p, o, *_ in got]}, expected "
                                 f"{[(p, o) for p, o, *_ in expected]} (positions restart at the commits on every rebalance)")
        for p, o, *_ in got:
            other = self.in_flight[g].get((p, o))
            assert other in (None, c), f"event {p}/{o} went to {other} and to {c}, both in group {g} at once"
            self.in_flight[g][(p, o)] = c

    @precondition(lambda self: any(self.members.values()))
    @rule(pick=st.integers(0, 100), partition=st.integers(0, P - 1), back=st.integers(0, 2))
    def commit(self, pick, partition, back):
        pairs = [(g, m) for g in GROUPS for m in sorted(self.members[g])]
        g, c = pairs[pick % len(pairs)]
        self.log.expire(self.now)
        owner = self.owners(g).get(partition)
        offset = max(self.position[g].get(partition, 0), self.log.gone[partition]) - back
        if owner != c:
            with pytest.raises(lb.NotAssigned):
                self.broker.commit("rides", g, c, partition, max(offset, self.log.gone[partition]))
            return
        if offset < self.log.gone[partition]:
            with pytest.raises(lb.OffsetOutOfRange):
                self.broker.commit("rides", g, c, partition, offset)
            return
        self.broker.commit("rides", g, c, partition, offset)
        self.committed[g][partition] = offset
        self.in_flight[g] = {k: v for k, v in self.in_flight[g].items() if not (k[0] == partition and k[1] < offset)}

    @rule(partition=st.integers(0, P - 1), shift=st.integers(-2, 12), n=st.integers(1, 6))
    def fetch(self, partition, shift, n):
        self.log.expire(self.now)
        offset = self.log.gone[partition] + shift
        end = len(self.log.all[partition])
        if shift < 0 or offset > end:
            with pytest.raises(lb.OffsetOutOfRange):
                self.broker.fetch("rides", partition, offset, n)
                pytest.fail(f"fetch('rides', {partition}, {offset}, {n}) outside [{self.log.gone[partition]}, {end}] did not raise")
            return
        got = [(e.partition, e.offset, e.key, e.value, e.ts) for e in self.broker.fetch("rides", partition, offset, n)]
        expected = self.log.retained(partition, offset, n)
        assert got == expected, f"fetch('rides', {partition}, {offset}, {n}) gave offsets {[o for _, o, *_ in got]}, expected {[o for _, o, *_ in expected]}"

    @invariant()
    def offsets_match(self):
        self.log.expire(self.now)
        for p in range(P):
            got, expected = tuple(self.broker.offsets("rides", p)), (self.log.gone[p], len(self.log.all[p]))
            assert got == expected, f"offsets('rides', {p}) is {got}, expected {expected} (retention_s={RETENTION_S}, retention_bytes={RETENTION_BYTES})"


TestBrokerMachine = BrokerMachine.TestCase
TestBrokerMachine.settings = settings(max_examples=40, stateful_step_count=30, deadline=None)

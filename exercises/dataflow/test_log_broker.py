"""Visible tests for dataflow.log_broker. Run: pytest exercises/dataflow/test_log_broker.py"""
import zlib

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from graders import kata
from graders.datagen import log_broker as gen

lb = kata("dataflow.log_broker")


def offsets_of(events):
    return [e.offset for e in events]


def test_statement_example():
    clock = lb.ManualClock(0.0)
    broker = lb.Broker(retention_s=60, retention_bytes=1000, clock=clock)
    broker.create_topic("rides", partitions=2)
    got = broker.produce("rides", "driver-8", b'{"fare": 18.5}')
    assert tuple(got) == (1, 0), f"the first produce('rides', 'driver-8', ...) returned {got!r}, expected (1, 0)"
    got = broker.produce("rides", "driver-8", b'{"fare": 9.0}')
    assert tuple(got) == (1, 1), f"the second produce('rides', 'driver-8', ...) returned {got!r}, expected (1, 1)"
    got = [(e.offset, e.value) for e in broker.fetch("rides", 1, 0, max_events=10)]
    assert got == [(0, b'{"fare": 18.5}'), (1, b'{"fare": 9.0}')], f"fetch('rides', 1, 0, 10) gave {got!r}"
    got = broker.join("rides", "billing", "b1")
    assert got == {"b1": [0, 1]}, f"join('rides', 'billing', 'b1') returned {got!r}, expected {{'b1': [0, 1]}}"
    got = broker.join("rides", "billing", "b2")
    assert got == {"b1": [0], "b2": [1]}, f"join('rides', 'billing', 'b2') returned {got!r}, expected {{'b1': [0], 'b2': [1]}}"
    got = offsets_of(broker.poll("rides", "billing", "b2", max_events=10))
    assert got == [0, 1], f"b2's first poll gave offsets {got}, expected [0, 1] (nothing committed yet)"
    broker.commit("rides", "billing", "b2", partition=1, offset=1)
    got = broker.leave("rides", "billing", "b2")
    assert got == {"b1": [0, 1]}, f"leave('rides', 'billing', 'b2') returned {got!r}, expected {{'b1': [0, 1]}}"
    got = offsets_of(broker.poll("rides", "billing", "b1", max_events=10))
    assert got == [1], (f"b2 committed offset 1 of partition 1, polled event 1 too, then crashed: b1's poll gave "
                        f"offsets {got}, expected [1] (the uncommitted event is delivered again)")
    with pytest.raises(lb.UnknownConsumer, match=r"^p1 is not a member of group pricing on rides"):
        broker.poll("rides", "pricing", "p1", max_events=10)
    clock.advance(61)
    got = broker.offsets("rides", 1)
    assert tuple(got) == (2, 2), f"61 s later (retention_s=60) offsets('rides', 1) returned {got!r}, expected (2, 2)"


def test_every_event_of_a_key_goes_to_one_partition_in_order():
    broker = lb.Broker(clock=lb.ManualClock())
    broker.create_topic("rides", partitions=3)
    rides = gen.rides(40, seed=1)
    placed = [tuple(broker.produce("rides", key, value)) for key, value in rides]
    for (key, value), (partition, _) in zip(rides, placed):
        expected = zlib.crc32(key.encode()) % 3
        assert partition == expected, f"produce('rides', {key!r}, ...) went to partition {partition}, expected crc32 % 3 = {expected}"
    for p in range(3):
        got = [offset for partition, offset in placed if partition == p]
        assert got == list(range(len(got))), f"the offsets produce returned for partition {p} are {got}, expected 0, 1, 2, ..."
        events = broker.fetch("rides", p, 0, max_events=100)
        expected = [(k, v) for (k, v), (q, _) in zip(rides, placed) if q == p]
        assert [(e.key, e.value) for e in events] == expected, f"fetch('rides', {p}, 0, 100) does not give partition {p}'s events in the order produced"


def test_time_retention_drops_the_oldest_and_offsets_are_never_reused():
    clock = lb.ManualClock(100.0)
    broker = lb.Broker(retention_s=10, clock=clock)
    broker.create_topic("rides", partitions=1)
    broker.produce("rides", "driver-1", b"a")            # ts 100
    clock.advance(5)
    broker.produce("rides", "driver-1", b"b")            # ts 105
    clock.advance(5)                                     # now 110: event 0 is exactly 10 s old
    got = tuple(broker.offsets("rides", 0))
    assert got == (0, 2), f"at 110 with retention_s=10, an event of ts 100 stays: offsets returned {got}, expected (0, 2)"
    clock.advance(1)                                     # 111: event 0 is gone
    got = tuple(broker.offsets("rides", 0))
    assert got == (1, 2), f"at 111 the event of ts 100 has expired: offsets returned {got}, expected (1, 2)"
    with pytest.raises(lb.OffsetOutOfRange, match=r"^offset 0 is out of range \[1, 2\] of rides/0"):
        broker.fetch("rides", 0, 0, max_events=10)
    got = offsets_of(broker.fetch("rides", 0, 1, max_events=10))
    assert got == [1], f"fetch('rides', 0, 1, 10) at the earliest retained offset gave {got}, expected [1]"
    clock.advance(100)
    got = tuple(broker.produce("rides", "driver-1", b"c"))
    assert got == (0, 2), f"after every event expired, produce returned {got}, expected (0, 2): offsets are never reused"


def test_size_retention_drops_the_oldest():
    broker = lb.Broker(retention_bytes=10, clock=lb.ManualClock())
    broker.create_topic("rides", partitions=1)
    for value in (b"1234", b"5678", b"90"):              # 10 bytes: all fit
        broker.produce("rides", "driver-1", value)
    got = tuple(broker.offsets("rides", 0))
    assert got == (0, 3), f"10 bytes with retention_bytes=10: offsets returned {got}, expected (0, 3)"
    broker.produce("rides", "driver-1", b"x")
    got = [e.value for e in broker.fetch("rides", 0, 1, max_events=10)]
    assert got == [b"5678", b"90", b"x"], f"one byte more drops the oldest event: the retained values are {got}"


@pytest.mark.parametrize("members, expected", [
    (["a", "b"], {"a": [0, 1, 2], "b": [3, 4]}),
    (["c", "a", "b"], {"a": [0, 1], "b": [2, 3], "c": [4]}),
    (["f", "e", "d", "c", "b", "a"], {"a": [0], "b": [1], "c": [2], "d": [3], "e": [4], "f": []}),
])
def test_range_assignment(members, expected):
    broker = lb.Broker(clock=lb.ManualClock())
    broker.create_topic("rides", partitions=5)
    for m in members:
        got = broker.join("rides", "billing", m)
    assert got == expected, f"5 partitions, members joined in the order {members}: the assignment is {got}, expected {expected}"


def test_a_crashed_consumer_s_uncommitted_events_are_redelivered():
    broker = lb.Broker(clock=lb.ManualClock())
    broker.create_topic("rides", partitions=2)
    for i in range(6):
        broker.produce("rides", "driver-8", b"ride %d" % i)   # partition 1
    broker.join("rides", "billing", "a")
    broker.join("rides", "billing", "b")                  # a: [0], b: [1]
    got = offsets_of(broker.poll("rides", "billing", "b", max_events=4))
    assert got == [0, 1, 2, 3], f"b's poll(max_events=4) gave {got}, expected [0, 1, 2, 3]"
    broker.commit("rides", "billing", "b", 1, 2)          # events 0 and 1 are done
    broker.leave("rides", "billing", "b")                 # crashed before committing 2 and 3
    got = offsets_of(broker.poll("rides", "billing", "a", max_events=10))
    assert got == [2, 3, 4, 5], f"a took over partition 1 after b's crash: its poll gave {got}, expected [2, 3, 4, 5]"


def test_every_group_gets_every_event_and_a_group_shares_them():
    broker = lb.Broker(clock=lb.ManualClock())
    broker.create_topic("rides", partitions=4)
    produced = {tuple(broker.produce("rides", key, value)) for key, value in gen.rides(30, seed=2)}
    for m in ("a", "b"):
        broker.join("rides", "billing", m)
    broker.join("rides", "pricing", "p")
    seen = {m: {(e.partition, e.offset) for e in broker.poll("rides", "billing", m, max_events=100)} for m in ("a", "b")}
    both = seen["a"] & seen["b"]
    assert not both, f"events {sorted(both)} went to both members of group billing"
    assert seen["a"] | seen["b"] == produced, "group billing's two members together did not get every event once"
    got = {(e.partition, e.offset) for e in broker.poll("rides", "pricing", "p", max_events=100)}
    assert got == produced, f"group pricing got {len(got)} of the {len(produced)} events, expected all: every group gets every event"


def test_only_the_owner_commits():
    broker = lb.Broker(clock=lb.ManualClock())
    broker.create_topic("rides", partitions=2)
    broker.produce("rides", "driver-8", b"x")
    broker.join("rides", "billing", "b1")
    broker.join("rides", "billing", "b2")
    with pytest.raises(lb.NotAssigned, match=r"^b1 does not own partition 1 of rides in group billing"):
        broker.commit("rides", "billing", "b1", 1, 1)
    got = broker.committed("rides", "billing", 1)
    assert got is None, f"a refused commit changed the committed offset to {got!r}"


def test_bad_input():
    broker = lb.Broker(retention_bytes=1000, clock=lb.ManualClock())
    broker.create_topic("rides", partitions=2)
    cases = [
        (lambda: broker.produce("trips", "k", b"x"), lb.UnknownTopic, r"^no topic 'trips'"),
        (lambda: broker.create_topic("rides", 2), ValueError, r"^topic 'rides' already exists"),
        (lambda: broker.create_topic("trips", 0), ValueError, r"^partitions must be an int >= 1, got 0"),
        (lambda: broker.fetch("rides", 2, 0, 10), ValueError, r"^topic 'rides' has no partition 2"),
        (lambda: broker.produce("rides", 7, b"x"), TypeError, r"^key must be a str, got int"),
        (lambda: broker.produce("rides", "k", "x"), TypeError, r"^value must be bytes, got str"),
        (lambda: broker.produce("rides", "k", b"x" * 1200), ValueError, r"^a value of 1200 bytes can never fit retention_bytes 1000"),
        (lambda: broker.fetch("rides", 0, 0, 0), ValueError, r"^max_events must be an int >= 1, got 0"),
        (lambda: broker.fetch("rides", 0, 1, 10), lb.OffsetOutOfRange, r"^offset 1 is out of range \[0, 0\] of rides/0"),
    ]
    for call, error, message in cases:
        with pytest.raises(error, match=message):
            call()
    got = [tuple(broker.offsets("rides", p)) for p in (0, 1)]
    assert got == [(0, 0), (0, 0)], f"every produce was refused, yet the offsets are {got}"


@settings(max_examples=20, deadline=None)
@given(n=st.integers(1, 30), start=st.integers(0, 40), max_events=st.integers(1, 12))
def test_replay_from_any_retained_offset_gives_the_events_produced(n, start, max_events):
    broker = lb.Broker(clock=lb.ManualClock())
    broker.create_topic("rides", partitions=1)
    values = [b"ride %d" % i for i in range(n)]
    for v in values:
        broker.produce("rides", "driver-1", v)
    start = start % (n + 1)
    got = [(e.offset, e.value) for e in broker.fetch("rides", 0, start, max_events)]
    expected = list(enumerate(values))[start:start + max_events]
    assert got == expected, f"fetch('rides', 0, {start}, {max_events}) after {n} events gave {got}, expected {expected}"

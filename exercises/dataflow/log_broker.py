"""A log-based broker by hand: partitions, retention, offsets and consumer groups.

The deck's third mode of dataflow: "Processes talk to a data passing broker… Data broadcast
to the broker is called an event… Decoupling - services that produce data don't care about
the consumers". The book splits brokers in two: pubsub (Kafka, Kinesis) keeps every event for
a retention period and every subscriber reads all of them; a message queue (RabbitMQ) hands
each message to one consumer. Kafka does both: every consumer *group* gets every event
(pubsub), and inside a group each partition, so each event, goes to one consumer (a queue).
Build that broker in plain Python, in one process.

    >>> clock = ManualClock(0.0)
    >>> broker = Broker(retention_s=60, retention_bytes=1000, clock=clock)
    >>> broker.create_topic("rides", partitions=2)
    >>> broker.produce("rides", "driver-8", b'{"fare": 18.5}')     # crc32("driver-8") % 2 == 1
    (1, 0)
    >>> broker.produce("rides", "driver-8", b'{"fare": 9.0}')
    (1, 1)
    >>> [(e.offset, e.value) for e in broker.fetch("rides", 1, 0, max_events=10)]
    [(0, b'{"fare": 18.5}'), (1, b'{"fare": 9.0}')]
    >>> broker.join("rides", "billing", "b1")
    {'b1': [0, 1]}
    >>> broker.join("rides", "billing", "b2")                    # a rebalance
    {'b1': [0], 'b2': [1]}
    >>> [e.offset for e in broker.poll("rides", "billing", "b2", max_events=10)]
    [0, 1]
    >>> broker.commit("rides", "billing", "b2", partition=1, offset=1)   # event 0 is done
    >>> broker.leave("rides", "billing", "b2")                   # b2 crashed: event 1 is redelivered
    {'b1': [0, 1]}
    >>> [e.offset for e in broker.poll("rides", "billing", "b1", max_events=10)]
    [1]
    >>> [e.offset for e in broker.poll("rides", "pricing", "p1", max_events=10)]  # not a member
    Traceback (most recent call last):
    UnknownConsumer: p1 is not a member of group pricing on rides
    >>> clock.advance(61)                                        # both events expire
    >>> broker.offsets("rides", 1)
    (2, 2)

Rules.
- Partitions: produce puts an event in partition_for(key, partitions) (given: crc32 of the
  key's UTF-8 bytes, modulo the number of partitions), so every event of one key lands in
  one partition, in the order produced. Offsets in a partition start at 0 and grow by one
  per event, and are never reused, not even after retention dropped every event.
- Retention, per partition, always from the start of its log (the oldest events first):
  at the start of every call, while the oldest retained event has clock() - ts >
  retention_s, it is dropped (an event exactly retention_s old stays); after produce
  appends, while the partition's retained values add up to more than retention_bytes
  (len(value) each), the oldest is dropped. None means no limit. ts is the event's own
  timestamp when produce gets one, else clock() at produce.
- offsets(topic, partition) -> (earliest, end): the earliest retained offset and the
  next offset produce will give (earliest == end: nothing retained). fetch(topic,
  partition, offset, max_events) returns the retained events from offset on, at most
  max_events, oldest first; offset may be anything from earliest to end (end gives []).
- Consumer groups, per topic: join/leave return the group's assignment {consumer: sorted
  partitions} after the rebalance, by range assignment: sort the members by name; with P
  partitions and n members each gets P // n consecutive partitions, and the first P % n
  members one more (P=5, n=2: a gets [0, 1, 2], b gets [3, 4]); members beyond P get [].
  Joining twice changes nothing. After every join and leave every member starts each
  partition it is assigned at the group's committed offset for it (or the earliest
  retained offset if nothing was committed or the commit has expired): uncommitted events
  are delivered again (at-least-once).
- poll(topic, group, consumer, max_events) delivers the next events of the consumer's
  partitions, in increasing partition order (all it can from the first, then the next…),
  at most max_events in all, and moves its position past them; an expired position
  moves up to the earliest retained offset. commit(topic, group, consumer, partition,
  offset) records offset as the next event the group reads from that partition (after
  processing event 4, commit 5); only the partition's current owner may commit, and
  committed(topic, group, partition) reads it back (None before any commit). Each group
  has its own positions and commits: every group gets every event.
- fetch and poll return Event records (given): topic, partition, offset, key, value, ts.

Bad input raises and changes nothing: a topic never created,
UnknownTopic("no topic 'trips'"); create_topic of an existing name, ValueError("topic
'rides' already exists"); partitions not an int >= 1, ValueError("partitions must be an
int >= 1, got 0"); a partition number not in the topic, ValueError("topic 'rides' has no
partition 2"); produce: key not a str, TypeError("key must be a str, got int"); value not
bytes, TypeError("value must be bytes, got str"); a value longer than retention_bytes,
ValueError("a value of 1200 bytes can never fit retention_bytes 1000"); max_events not an
int >= 1, ValueError("max_events must be an int >= 1, got 0"); fetch or commit at an
offset outside [earliest, end], OffsetOutOfRange("offset 0 is out of range [2, 5] of
rides/1"); poll, commit or leave by a consumer not in the group,
UnknownConsumer("p1 is not a member of group pricing on rides"); commit of a partition
that another member owns, NotAssigned("b1 does not own partition 1 of rides in group
billing").

Run its tests: pytest exercises/dataflow/test_log_broker.py   (or: kata check dataflow.log_broker)
"""
from __future__ import annotations

import time
import zlib
from dataclasses import dataclass
from typing import Callable

# --- given: the partitioner, the event record, a clock the tests turn, errors --------------


def partition_for(key: str, partitions: int) -> int:
    """The partition of a key: stable across processes and runs (unlike Python's hash())."""
    return zlib.crc32(key.encode("utf-8")) % partitions


@dataclass(frozen=True)
class Event:
    topic: str
    partition: int
    offset: int
    key: str
    value: bytes
    ts: float


class ManualClock:
    """A clock that moves only when told: Broker(..., clock=ManualClock(0.0))."""

    def __init__(self, now: float = 0.0):
        self.now = float(now)

    def __call__(self) -> float:
        return self.now

    def advance(self, seconds: float) -> None:
        self.now += seconds


class BrokerError(Exception):
    """A request the broker refuses."""


class UnknownTopic(BrokerError):
    pass


class OffsetOutOfRange(BrokerError):
    pass


class UnknownConsumer(BrokerError):
    pass


class NotAssigned(BrokerError):
    pass


# --- to write --------------------------------------------------------------------------------


class Broker:
    """Topics of partitioned logs with time and size retention, and consumer groups."""

    def __init__(self, retention_s: float | None = None, retention_bytes: int | None = None,
                 clock: Callable[[], float] = time.time):
        """Keep the settings; no topics, no groups yet.

        (about 5 lines) e.g. Broker(retention_s=60, retention_bytes=1000, clock=ManualClock(0.0))
        """
        # TODO: per partition, a list of retained events and the offset of the first one (a
        # "base" that only grows); per (topic, group), members, owners, commits, positions.
        raise NotImplementedError("Broker")

    def create_topic(self, name: str, partitions: int) -> None:
        """A topic of `partitions` empty logs. e.g. create_topic("rides", 2)"""
        raise NotImplementedError("Broker.create_topic")

    def produce(self, topic: str, key: str, value: bytes, ts: float | None = None) -> tuple[int, int]:
        """Append one event; returns (partition, offset).

        (about 15 lines) e.g. produce("rides", "driver-8", b'{"fare": 18.5}') -> (1, 0)
        """
        # TODO: partition_for(key, n); offset = base + len(retained); then drop the oldest
        # while the partition holds more than retention_bytes.
        raise NotImplementedError("Broker.produce")

    def offsets(self, topic: str, partition: int) -> tuple[int, int]:
        """(earliest retained offset, next offset). e.g. offsets("rides", 1) -> (0, 2)"""
        # TODO: every call starts by dropping expired events: clock() - ts > retention_s.
        raise NotImplementedError("Broker.offsets")

    def fetch(self, topic: str, partition: int, offset: int, max_events: int = 100) -> list[Event]:
        """Replay: retained events from offset on, at most max_events.

        (about 6 lines) e.g. fetch("rides", 1, 0, 10) -> [Event(offset=0, ..), Event(offset=1, ..)]
        """
        # TODO: earliest <= offset <= end, else OffsetOutOfRange naming [earliest, end].
        raise NotImplementedError("Broker.fetch")

    def join(self, topic: str, group: str, consumer: str) -> dict[str, list[int]]:
        """Add a member and rebalance.

        (about 20 lines with the rebalance) e.g. join("rides", "billing", "b2") -> {"b1": [0], "b2": [1]}
        """
        # TODO: range assignment over sorted(members); then every owned partition's position
        # = the group's commit for it (or the earliest retained offset).
        raise NotImplementedError("Broker.join")

    def leave(self, topic: str, group: str, consumer: str) -> dict[str, list[int]]:
        """Remove a member (a crash: nothing committed for it) and rebalance.

        e.g. leave("rides", "billing", "b2") -> {"b1": [0, 1]}
        """
        raise NotImplementedError("Broker.leave")

    def poll(self, topic: str, group: str, consumer: str, max_events: int = 100) -> list[Event]:
        """The consumer's next events, partition by partition.

        (about 12 lines) e.g. poll("rides", "billing", "b2", 10) -> [Event(offset=0, ..), Event(offset=1, ..)]
        """
        # TODO: for each owned partition in increasing order: from max(position, earliest),
        # take what fits in max_events, move the position past it.
        raise NotImplementedError("Broker.poll")

    def commit(self, topic: str, group: str, consumer: str, partition: int, offset: int) -> None:
        """Record offset as the group's next event of partition.

        (about 8 lines) e.g. commit("rides", "billing", "b2", 1, 1): event 0 is processed
        """
        # TODO: only the partition's owner; earliest <= offset <= end.
        raise NotImplementedError("Broker.commit")

    def committed(self, topic: str, group: str, partition: int) -> int | None:
        """The group's committed offset of partition, or None. e.g. committed("rides", "billing", 1) -> 1"""
        raise NotImplementedError("Broker.committed")

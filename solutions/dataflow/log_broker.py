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


class _Partition:
    """One append-only log: `events` are the retained ones, `base` the offset of the first."""

    def __init__(self):
        self.events: list[Event] = []
        self.base = 0
        self.bytes = 0

    @property
    def end(self) -> int:
        return self.base + len(self.events)

    def drop_oldest(self) -> None:
        self.bytes -= len(self.events[0].value)
        del self.events[0]
        self.base += 1  # offsets are never reused: the next one stays base + len(events)


class _Group:
    def __init__(self):
        self.members: list[str] = []
        self.owner: dict[int, str] = {}
        self.committed: dict[int, int] = {}
        self.position: dict[int, int] = {}  # of the owned partitions, the next offset to deliver


class Broker:
    """Topics of partitioned logs with time and size retention, and consumer groups."""

    def __init__(self, retention_s: float | None = None, retention_bytes: int | None = None,
                 clock: Callable[[], float] = time.time):
        self.retention_s = retention_s
        self.retention_bytes = retention_bytes
        self.clock = clock
        self.topics: dict[str, list[_Partition]] = {}
        self.groups: dict[tuple[str, str], _Group] = {}

    # -- the log --------------------------------------------------------------------------

    def _expire(self) -> None:
        if self.retention_s is None:
            return
        now = self.clock()
        for partitions in self.topics.values():
            for p in partitions:
                while p.events and now - p.events[0].ts > self.retention_s:
                    p.drop_oldest()

    def _topic(self, topic: str) -> list[_Partition]:
        if topic not in self.topics:
            raise UnknownTopic(f"no topic {topic!r}")
        return self.topics[topic]

    def _partition(self, topic: str, partition: int) -> _Partition:
        partitions = self._topic(topic)
        if type(partition) is not int or not 0 <= partition < len(partitions):
            raise ValueError(f"topic {topic!r} has no partition {partition}")
        return partitions[partition]

    @staticmethod
    def _check_max(max_events: int) -> None:
        if type(max_events) is not int or max_events < 1:
            raise ValueError(f"max_events must be an int >= 1, got {max_events!r}")

    @staticmethod
    def _check_offset(log: _Partition, topic: str, partition: int, offset: int) -> None:
        if type(offset) is not int or not log.base <= offset <= log.end:
            raise OffsetOutOfRange(f"offset {offset} is out of range [{log.base}, {log.end}] of {topic}/{partition}")

    def create_topic(self, name: str, partitions: int) -> None:
        """A topic of `partitions` empty logs. e.g. create_topic("rides", 2)"""
        self._expire()
        if name in self.topics:
            raise ValueError(f"topic {name!r} already exists")
        if type(partitions) is not int or partitions < 1:
            raise ValueError(f"partitions must be an int >= 1, got {partitions!r}")
        self.topics[name] = [_Partition() for _ in range(partitions)]

    def produce(self, topic: str, key: str, value: bytes, ts: float | None = None) -> tuple[int, int]:
        """Append one event; returns (partition, offset). e.g. produce("rides", "driver-7", b"..") -> (1, 0)"""
        self._expire()
        partitions = self._topic(topic)
        if type(key) is not str:
            raise TypeError(f"key must be a str, got {type(key).__name__}")
        if type(value) is not bytes:
            raise TypeError(f"value must be bytes, got {type(value).__name__}")
        if self.retention_bytes is not None and len(value) > self.retention_bytes:
            raise ValueError(f"a value of {len(value)} bytes can never fit retention_bytes {self.retention_bytes}")
        number = partition_for(key, len(partitions))
        log = partitions[number]
        event = Event(topic, number, log.end, key, value, self.clock() if ts is None else ts)
        log.events.append(event)
        log.bytes += len(value)
        while self.retention_bytes is not None and log.bytes > self.retention_bytes:
            log.drop_oldest()
        return number, event.offset

    def offsets(self, topic: str, partition: int) -> tuple[int, int]:
        """(earliest retained offset, next offset). e.g. offsets("rides", 1) -> (0, 2)"""
        self._expire()
        log = self._partition(topic, partition)
        return log.base, log.end

    def fetch(self, topic: str, partition: int, offset: int, max_events: int = 100) -> list[Event]:
        """Replay: retained events from offset on. e.g. fetch("rides", 1, 0, 10) -> [Event(.., offset=0, ..), ..]"""
        self._expire()
        log = self._partition(topic, partition)
        self._check_max(max_events)
        self._check_offset(log, topic, partition, offset)
        start = offset - log.base
        return log.events[start:start + max_events]

    # -- consumer groups ------------------------------------------------------------------

    def _rebalance(self, group: _Group, partitions: int) -> dict[str, list[int]]:
        members = sorted(group.members)
        group.owner, group.position = {}, {}
        if members:
            share, extra = divmod(partitions, len(members))
            first = 0
            for i, member in enumerate(members):
                count = share + (1 if i < extra else 0)
                for p in range(first, first + count):
                    group.owner[p] = member
                first += count
        # Everyone starts again from the commits: what was polled and not committed comes again.
        for p in group.owner:
            group.position[p] = group.committed.get(p, 0)
        return self._assignment(group)

    @staticmethod
    def _assignment(group: _Group) -> dict[str, list[int]]:
        out = {m: [] for m in sorted(group.members)}
        for p, member in sorted(group.owner.items()):
            out[member].append(p)
        return out

    def _member(self, topic: str, group: str, consumer: str) -> _Group:
        found = self.groups.get((topic, group))
        if found is None or consumer not in found.members:
            raise UnknownConsumer(f"{consumer} is not a member of group {group} on {topic}")
        return found

    def join(self, topic: str, group: str, consumer: str) -> dict[str, list[int]]:
        """Add a member and rebalance. e.g. join("rides", "billing", "b2") -> {"b1": [0], "b2": [1]}"""
        self._expire()
        partitions = self._topic(topic)
        g = self.groups.setdefault((topic, group), _Group())
        if consumer in g.members:
            return self._assignment(g)
        g.members.append(consumer)
        return self._rebalance(g, len(partitions))

    def leave(self, topic: str, group: str, consumer: str) -> dict[str, list[int]]:
        """Remove a member (a crash: nothing committed for it) and rebalance."""
        self._expire()
        partitions = self._topic(topic)
        g = self._member(topic, group, consumer)
        g.members.remove(consumer)
        return self._rebalance(g, len(partitions))

    def poll(self, topic: str, group: str, consumer: str, max_events: int = 100) -> list[Event]:
        """The consumer's next events. e.g. poll("rides", "billing", "b2", 10) -> [Event(.., offset=0, ..), ..]"""
        self._expire()
        partitions = self._topic(topic)
        g = self._member(topic, group, consumer)
        self._check_max(max_events)
        out: list[Event] = []
        for p in sorted(q for q, owner in g.owner.items() if owner == consumer):
            log = partitions[p]
            position = max(g.position[p], log.base)  # an expired position jumps to what is left
            batch = log.events[position - log.base:position - log.base + max_events - len(out)]
            out += batch
            g.position[p] = position + len(batch)
            if len(out) == max_events:
                break
        return out

    def commit(self, topic: str, group: str, consumer: str, partition: int, offset: int) -> None:
        """Record offset as the group's next event of partition. e.g. commit("rides", "billing", "b2", 1, 1)"""
        self._expire()
        log = self._partition(topic, partition)
        g = self._member(topic, group, consumer)
        if g.owner.get(partition) != consumer:
            raise NotAssigned(f"{consumer} does not own partition {partition} of {topic} in group {group}")
        self._check_offset(log, topic, partition, offset)
        g.committed[partition] = offset

    def committed(self, topic: str, group: str, partition: int) -> int | None:
        """The group's committed offset of partition, or None."""
        self._expire()
        self._partition(topic, partition)
        g = self.groups.get((topic, group))
        return None if g is None else g.committed.get(partition)

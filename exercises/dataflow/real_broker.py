"""A real broker: consumer groups on Valkey Streams, at-least-once delivery, exactly-once effects.

The deck's "Passing through Real-Time transport": "Processes talk to a data passing broker…
Data broadcast to the broker is called an event… Decoupling - services that produce data
don't care about the consumers". A Valkey (Redis) stream is a log-based broker: XADD
appends an event and gives it an id; a consumer group (XGROUP CREATE) hands every entry to
one of its consumers (XREADGROUP), remembers it as *pending* for that consumer until it is
acknowledged (XACK), and lets another consumer claim entries a dead one left pending
(XAUTOCLAIM, once they have been idle for min_idle_ms). Delivery is therefore at least once:
a consumer killed after its effect but before its XACK gets the entry delivered again. Make
the effect exactly once anyway, and measure the book's other point: N services talking
through a broker need N connections, N services talking to each other up to N(N-1)/2.

    >>> url = "redis://127.0.0.1:6379/0"
    >>> publish_rides(url, "rides", [{"ride_id": "r1", "driver_id": "d7", "fare_cents": 1850},
    ...                              {"ride_id": "r2", "driver_id": "d7", "fare_cents": 900}])
    ['1712000000000-0', '1712000000000-1']
    >>> create_group(url, "rides", "billing")       # after the rides: it still gets them
    >>> run_consumer(url, "rides", "billing", "worker-1")
    ready
    processed 1712000000000-0
    processed 1712000000000-1
    drained
    >>> connect(url).hgetall(earnings_key("billing"))
    {b'd7': b'2750'}

Rules.
- publish_rides(url, stream, rides) XADDs each ride as the fields ride_id, driver_id and
  fare_cents (as text), in order, and returns the entry ids (str).
- create_group(url, stream, group): XGROUP CREATE with MKSTREAM, reading the stream from its
  start (id "0": entries added before the group count too). An existing group is kept.
- run_consumer(url, stream, group, consumer, batch=10, block_ms=50, min_idle_ms=500,
  process_ms=0) prints (flush=True) "ready", then loops: first XAUTOCLAIM up to `batch`
  entries pending for min_idle_ms or more (any consumer's: a dead one's are the point),
  printing "claimed <n>" when it got n > 0; if it claimed none, XREADGROUP up to `batch` new
  entries (id ">"), blocking block_ms. It handles each entry it got, in order, and returns
  after printing "drained" once a round got nothing and the group has no pending entry left
  (XPENDING count 0). Handling an entry: sleep process_ms (the work), then
  - if its id is in the set processed_key(group), it was applied before a crash: XACK it
    and print "duplicate <id>";
  - else, in ONE MULTI/EXEC transaction, SADD the id to processed_key(group) and apply the
    effect: HINCRBY earnings_key(group) <driver_id> <fare_cents>; then XACK (in the same
    transaction or after it, never before it) and print "processed <id>";
  - a malformed entry (a field missing, fare_cents not an int, bytes that are not UTF-8) is
    never an effect: in one transaction SADD the id and XADD to dead_letter_stream(stream)
    the fields entry_id and reason, then XACK and print "dead <id> <reason>". Reasons:
    "missing field fare_cents", "fare_cents is not an int: 'abc'", "not UTF-8".
  So the effect of every entry happens exactly once, however often it is delivered.
- broadcast_through_broker(url, stream, n): n services "service-0" … each open ONE
  connection to the broker (CLIENT SETNAME to its name), each XADDs {"from": name}, then each
  reads the stream (XRANGE) and the function returns {name: sorted names of the others it
  read}. The tests count the connections the server received: exactly n.
- broadcast_direct(n): the same n services without a broker: each listens on its own socket
  on 127.0.0.1; each pair talks over ONE connection (the lower-numbered dials, both send
  their name, a line "service-0\\n"); returns {"connections": connections accepted,
  "received": {name: sorted names it got}}: n(n-1)/2 connections for n services.

The tests start a real Valkey server, run run_consumer in processes of its own, SIGKILL
one at random points mid-stream and start another, which must claim the dead one's pending
entries and finish: every ride's fare counted exactly once, every malformed entry dead-
lettered exactly once, nothing left pending.

Bad input raises: run_consumer on a stream that does not exist or a group it does not
have, UnknownGroup("no group billing on stream rides") before printing anything;
publish_rides of a ride without one of the three fields, ValueError("ride 1 lacks
fare_cents") (rides count from 0) before publishing anything; n < 2 for either broadcast,
ValueError("a broadcast needs n >= 2 services, got 1"). A malformed entry in the stream is
not an error of the consumer: it goes to the dead-letter stream and the consumer goes on.

Run its tests: pytest exercises/dataflow/test_real_broker.py   (or: kata check dataflow.real_broker)
"""
from __future__ import annotations

import redis

# --- given: where the effects go, the fields of an event, errors --------------------------

FIELDS = ("ride_id", "driver_id", "fare_cents")


def earnings_key(group: str) -> str:
    """The hash of a group's effect: driver_id -> total fare_cents."""
    return f"{group}:earnings"


def processed_key(group: str) -> str:
    """The set of entry ids whose effect the group has applied."""
    return f"{group}:processed"


def dead_letter_stream(stream: str) -> str:
    """Where malformed entries of `stream` go, with the reason."""
    return f"{stream}:dead"


class UnknownGroup(Exception):
    """run_consumer on a stream or group that does not exist."""


def connect(url: str, one_connection: bool = False) -> redis.Redis:
    """A client of the broker at url ("redis://127.0.0.1:6379/0"); bytes in, bytes out.

    one_connection=True: the client holds ONE connection for its whole life, instead of a
    pool that opens connections as needed.
    """
    return redis.Redis.from_url(url, single_connection_client=one_connection)


# --- to write --------------------------------------------------------------------------------


def publish_rides(url: str, stream: str, rides: list[dict]) -> list[str]:
    """XADD each ride; returns the entry ids.

    (about 10 lines) e.g. publish_rides(url, "rides", [{"ride_id": "r1", "driver_id": "d7",
    "fare_cents": 1850}]) -> ['1712000000000-0']
    """
    # TODO: check every ride first; connect(url).xadd(stream, {field: str(value)}).
    raise NotImplementedError("publish_rides")


def create_group(url: str, stream: str, group: str) -> None:
    """A consumer group that reads the stream from its start.

    (about 6 lines) e.g. create_group(url, "rides", "billing")
    """
    # TODO: xgroup_create(stream, group, id="0", mkstream=True); a BUSYGROUP error means it exists.
    raise NotImplementedError("create_group")


def run_consumer(url: str, stream: str, group: str, consumer: str, batch: int = 10, block_ms: int = 50,
                 min_idle_ms: int = 500, process_ms: float = 0) -> None:
    """Consume the group's entries until the stream is drained, printing one line per entry.

    (about 30 lines, and 30 more for handling an entry) e.g. prints "ready", "claimed 3",
    "processed 1712000000000-0", "duplicate 1712000000000-1",
    "dead 1712000000000-2 missing field fare_cents", "drained"
    """
    # TODO: xinfo_groups(stream) to check the group; then loop: xautoclaim(stream, group,
    # consumer, min_idle_ms, start_id="0-0", count=batch), else xreadgroup(group, consumer,
    # {stream: ">"}, count=batch, block=block_ms); stop when xpending(...)["pending"] == 0.
    # Per entry: processed already? -> xack. Else pipeline MULTI: sadd + hincrby (or xadd
    # to the dead letters), EXEC, then xack. A WATCH on the processed set guards retries.
    raise NotImplementedError("run_consumer")


def broadcast_through_broker(url: str, stream: str, n: int) -> dict[str, list[str]]:
    """n services, one broker connection each.

    (about 15 lines) e.g. broadcast_through_broker(url, "mesh", 3) -> {"service-0": ["service-1",
    "service-2"], "service-1": ["service-0", "service-2"], "service-2": ["service-0", "service-1"]}
    """
    # TODO: connect(url, one_connection=True) per service; client_setname, xadd, xrange.
    raise NotImplementedError("broadcast_through_broker")


def broadcast_direct(n: int) -> dict:
    """n services, one connection per pair.

    (about 25 lines) e.g. broadcast_direct(3) -> {"connections": 3, "received": {"service-0":
    ["service-1", "service-2"], ...}}
    """
    # TODO: socket.create_server(("127.0.0.1", 0)) per service; for i < j: dial j, accept,
    # exchange one line each way.
    raise NotImplementedError("broadcast_direct")

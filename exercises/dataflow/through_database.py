"""Dataflow through a database: one process writes events to a table, another polls them.

The deck's first mode of dataflow, "Passing through DB": "Process A writes to DB, Process B
reads from same DB". Good idea? "Nope. Why?: If processes exist on different companies, they
don't share DBs! DBs have read/write latency! - not suitable for consumer facing apps!"
Build both ends on one SQLite file (stdlib sqlite3) in WAL mode: the ride service (a
Producer) appends every finished ride to an outbox table; the earnings service (a Consumer)
polls the table and adds each fare to its driver's earnings exactly once, even when it is
killed at any moment and restarted. Then measure what the deck warns about: the latency
from the write to its effect.

    >>> create_database("/tmp/flow.db")
    >>> rides = Producer("/tmp/flow.db")
    >>> rides.send({"ride_id": 1, "driver_id": 7, "fare_cents": 1850})
    1
    >>> rides.send({"ride_id": 2, "driver_id": 8, "fare_cents": 900})
    2
    >>> earnings = Consumer("/tmp/flow.db", "earnings")
    >>> earnings.poll()
    [1, 2]
    >>> earnings.poll()                        # nothing new
    []
    >>> earnings.earnings()
    {7: 1850, 8: 900}
    >>> Consumer("/tmp/flow.db", "audit").poll(max_events=1)   # a second reader, its own checkpoint
    [1]

The given SCHEMA:

    outbox      (seq INTEGER PRIMARY KEY, payload TEXT: the event as JSON, produced_at REAL)
    checkpoints (consumer TEXT PRIMARY KEY, seq INTEGER: the last event it applied)
    earnings    (consumer, driver_id, cents, rides; PRIMARY KEY (consumer, driver_id))
    applied     (consumer, seq, applied_at REAL): one row per event a consumer applied

Rules.
- Producer(path) and Consumer(path, name) each open one connection to an existing file
  (sqlite3.connect(..., isolation_level=None, timeout=BUSY_TIMEOUT_S), opened so that a
  missing file is not created), check it holds the four tables, and set PRAGMA
  journal_mode=WAL and synchronous=NORMAL. Why WAL: a reader reads a snapshot while the
  writer appends to the -wal file, so a consumer in the middle of a read never holds up the
  producer; in the default rollback-journal mode a commit must wait until every reader has
  finished. NORMAL fsyncs only at WAL checkpoints: a commit survives a killed process (what
  the tests do), though the last ones may be lost to a power cut.
- send(event) -> seq: the event is a dict holding an int driver_id and an int fare_cents >=
  0 (any other JSON fields too); one INSERT of json.dumps(event) with produced_at =
  time.time(), committed before send returns; the new row's seq comes back (1, 2, 3, ...).
- poll(max_events=100) -> the seqs it applied, in order: the events with seq greater than
  the consumer's checkpoint (0 before its first event), in seq order, at most max_events.
  Each event in ONE transaction (BEGIN IMMEDIATE ... COMMIT): add fare_cents to the
  consumer's earnings row of the driver (cents += fare, rides += 1; the row starts at 0),
  insert (name, seq, time.time()) into applied, call the given self.crashpoint(seq), move
  the consumer's checkpoint to seq, COMMIT. The effect and the checkpoint stand or fall
  together: a crash (an exception, or SIGKILL) before the COMMIT leaves neither, after it
  both, so a restarted consumer applies every event exactly once. On an exception: ROLLBACK,
  then raise it again. Consumers with different names keep their own checkpoints and
  earnings: each sees every event. One process at a time runs a given consumer name.
- earnings() -> {driver_id: cents} of this consumer; checkpoint() -> its checkpoint; close().
  Consumer(path, name, crash_at_seq=None) keeps self.name and self.crash_at_seq: the given
  crashpoint raises SimulatedCrash at that seq, the tests' crash between effect and checkpoint.
- run_consumer(path, name, until_seq, poll_interval_s=0.05): the consumer as a process of its
  own (the tests start it in one, and SIGKILL it): poll(max_events=10); print "applied
  <seq>" (flush=True) for each seq it returned, so a printed line is a promise that the
  event's COMMIT is done; when the checkpoint reaches until_seq, print "done" and return;
  after a poll that found nothing, sleep poll_interval_s.
- run_producer(path, events, interval_s=0.01): send each event, print "sent <seq>" after
  each, sleep interval_s between two.
- latency_report(path, name) -> {"events": n, "median_s": ..., "p99_s": ...}: over the
  events the consumer applied, latency = applied_at - produced_at of the same seq; the
  median (statistics.median: the mean of the two middle ones for an even n) and the
  nearest-rank p99 (the ceil(0.99 n)-th smallest). No events: both None.

Why this path does not suit a consumer-facing request: the answer to "what did this ride
earn the driver?" exists only after the consumer's next poll has read the row and written
its effect to the file. The latency is at least the wait for that poll, on average half the
poll interval, plus a write and a read of a file (the tests run two consumers side by side:
the median latency of one polling every 60 ms is at least a quarter of that interval, and at
least twice that of one polling every 4 ms); polling faster only spends more queries on an
empty table. A service answers a request when it comes, and real-time transport pushes each
event to its consumers as it arrives.

Bad input raises: send(event) with an event that is not a dict, TypeError("an event is a
dict, got list"); without an int driver_id and int fare_cents >= 0, ValueError("a ride event
needs an int driver_id and an int fare_cents >= 0, got {'driver_id': 7}"); that json.dumps
cannot write, TypeError("cannot send {'driver_id': 7, 'fare_cents': 1, 'at': {1, 2}}: Object
of type set is not JSON serializable") (nothing is written). Consumer(path, name) with a
name that is not a non-empty str: ValueError("a consumer needs a non-empty name"), before
the file is opened. poll(max_events) with max_events not an int >= 1: ValueError("max_events
must be a positive int, got 0"). Producer, Consumer and latency_report on a missing file, a
file that is not SQLite, or an SQLite file without the four tables: NotADataflowDatabase(
"not a dataflow database: /tmp/x.db (no table outbox)"), the reason in parentheses.

Run its tests: pytest exercises/dataflow/test_through_database.py   (or: kata check dataflow.through_database)
"""
from __future__ import annotations

import sqlite3

# --- given: the schema, errors, the crash point ---------------------------------------------

SCHEMA = """
CREATE TABLE outbox (seq INTEGER PRIMARY KEY, payload TEXT NOT NULL, produced_at REAL NOT NULL);
CREATE TABLE checkpoints (consumer TEXT PRIMARY KEY, seq INTEGER NOT NULL);
CREATE TABLE earnings (consumer TEXT NOT NULL, driver_id INTEGER NOT NULL, cents INTEGER NOT NULL,
                       rides INTEGER NOT NULL, PRIMARY KEY (consumer, driver_id));
CREATE TABLE applied (consumer TEXT NOT NULL, seq INTEGER NOT NULL, applied_at REAL NOT NULL);
"""
TABLES = ("outbox", "checkpoints", "earnings", "applied")
BUSY_TIMEOUT_S = 2.0  # how long a connection waits for another one's lock before "database is locked"


class NotADataflowDatabase(Exception):
    """The file is missing, not SQLite, or lacks the kata's tables."""


class SimulatedCrash(Exception):
    """Raised by crashpoint(): the tests' stand-in for a process dying mid-transaction."""


def create_database(path: str) -> None:
    """A new, empty dataflow database (rollback journal until someone sets WAL)."""
    conn = sqlite3.connect(path)
    with conn:
        conn.executescript(SCHEMA)
    conn.close()


# --- to write --------------------------------------------------------------------------------


class Producer:
    """Appends events to the outbox."""

    def __init__(self, path: str):
        """Open the file (it must exist and hold TABLES) in WAL mode: one connection.

        (about 12 lines, shared with Consumer) e.g. Producer("/tmp/missing.db") ->
        NotADataflowDatabase("not a dataflow database: /tmp/missing.db (no such file)")
        """
        # TODO: sqlite3.connect(Path(path).resolve().as_uri() + "?mode=rw", uri=True,
        # isolation_level=None, timeout=BUSY_TIMEOUT_S); sqlite_master lists the tables; a file
        # that is not SQLite raises sqlite3.DatabaseError at the first query.
        raise NotImplementedError("Producer")

    def send(self, event: dict) -> int:
        """Append one event; its seq.

        (about 10 lines) e.g. send({"ride_id": 1, "driver_id": 7, "fare_cents": 1850}) -> 1
        """
        # TODO: check the event, json.dumps it (a TypeError names what it cannot write), then
        # INSERT INTO outbox (payload, produced_at) VALUES (?, time.time()); .lastrowid is the seq.
        raise NotImplementedError("Producer.send")

    def close(self) -> None:
        raise NotImplementedError("Producer.close")


class Consumer:
    """Polls the outbox and applies each event exactly once."""

    def __init__(self, path: str, name: str, crash_at_seq: int | None = None):
        """Check the name, keep self.name and self.crash_at_seq (crashpoint reads them), open the file.

        (about 5 lines) e.g. Consumer(path, "") -> ValueError("a consumer needs a non-empty name")
        """
        raise NotImplementedError("Consumer")

    def crashpoint(self, seq: int) -> None:
        """Given. poll calls it for each event after the effect and before the checkpoint moves."""
        if seq == self.crash_at_seq:
            raise SimulatedCrash(f"consumer {self.name!r} crashed after the effect of event {seq}")

    def checkpoint(self) -> int:
        """The seq of the last event this consumer applied, 0 before the first."""
        raise NotImplementedError("Consumer.checkpoint")

    def poll(self, max_events: int = 100) -> list[int]:
        """Apply the next events after the checkpoint, each in one transaction with its checkpoint.

        (about 25 lines) e.g. after two sends, poll() -> [1, 2], then poll() -> []
        """
        # TODO: SELECT seq, payload FROM outbox WHERE seq > ? ORDER BY seq LIMIT ?; per event:
        # BEGIN IMMEDIATE; earnings upsert (INSERT ... ON CONFLICT (consumer, driver_id) DO UPDATE);
        # INSERT INTO applied; self.crashpoint(seq); checkpoint upsert; COMMIT. ROLLBACK on any error.
        raise NotImplementedError("Consumer.poll")

    def earnings(self) -> dict[int, int]:
        """{driver_id: cents} of this consumer."""
        raise NotImplementedError("Consumer.earnings")

    def close(self) -> None:
        raise NotImplementedError("Consumer.close")


def run_consumer(path: str, name: str, until_seq: int, poll_interval_s: float = 0.05) -> None:
    """Poll until the checkpoint reaches until_seq, printing "applied <seq>" after each COMMIT.

    (about 12 lines) e.g. prints "applied 1", "applied 2", ..., "done"
    """
    # TODO: print(..., flush=True) only for seqs poll() returned: their COMMITs are done.
    raise NotImplementedError("run_consumer")


def run_producer(path: str, events: list, interval_s: float = 0.01) -> None:
    """Send each event, printing "sent <seq>", interval_s apart.

    (about 6 lines)
    """
    raise NotImplementedError("run_producer")


def latency_report(path: str, name: str) -> dict:
    """Median and p99 of produced_at -> applied_at over the events consumer `name` applied.

    (about 12 lines) e.g. {"events": 24, "median_s": 0.041, "p99_s": 0.079}
    """
    # TODO: JOIN applied and outbox ON seq; statistics.median; sorted(...)[math.ceil(0.99 * n) - 1].
    raise NotImplementedError("latency_report")

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

import json
import math
import sqlite3
import statistics
import time
from pathlib import Path

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


def _open(path: str) -> sqlite3.Connection:
    """A connection to an existing dataflow database, in WAL mode."""
    where = f"not a dataflow database: {path}"
    if not Path(path).is_file():
        raise NotADataflowDatabase(f"{where} (no such file)")
    # mode=rw: never create a file that is not there.
    conn = sqlite3.connect(f"{Path(path).resolve().as_uri()}?mode=rw", uri=True, isolation_level=None,
                           timeout=BUSY_TIMEOUT_S)
    try:
        found = {name for (name,) in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
    except sqlite3.DatabaseError as exc:
        conn.close()
        raise NotADataflowDatabase(f"{where} ({exc})") from None
    missing = [t for t in TABLES if t not in found]
    if missing:
        conn.close()
        raise NotADataflowDatabase(f"{where} (no table {missing[0]})")
    # WAL: readers see a snapshot and never block the writer (nor it them).
    conn.execute("PRAGMA journal_mode=WAL")
    conn.execute("PRAGMA synchronous=NORMAL")
    return conn


def _is_int(v) -> bool:
    return isinstance(v, int) and not isinstance(v, bool)


class Producer:
    """Appends events to the outbox."""

    def __init__(self, path: str):
        self.conn = _open(path)

    def send(self, event: dict) -> int:
        """Append one event; its seq."""
        if not isinstance(event, dict):
            raise TypeError(f"an event is a dict, got {type(event).__name__}")
        if not (_is_int(event.get("driver_id")) and _is_int(event.get("fare_cents")) and event["fare_cents"] >= 0):
            raise ValueError(f"a ride event needs an int driver_id and an int fare_cents >= 0, got {event!r}")
        try:
            payload = json.dumps(event)
        except (TypeError, ValueError) as exc:
            raise TypeError(f"cannot send {event!r}: {exc}") from None
        # Autocommit: the INSERT is its own transaction, committed when execute returns.
        return self.conn.execute("INSERT INTO outbox (payload, produced_at) VALUES (?, ?)",
                                 (payload, time.time())).lastrowid

    def close(self) -> None:
        self.conn.close()


class Consumer:
    """Polls the outbox and applies each event exactly once."""

    def __init__(self, path: str, name: str, crash_at_seq: int | None = None):
        if not isinstance(name, str) or not name:
            raise ValueError("a consumer needs a non-empty name")
        self.name, self.crash_at_seq = name, crash_at_seq
        self.conn = _open(path)

    def crashpoint(self, seq: int) -> None:
        """Given. poll calls it for each event after the effect and before the checkpoint moves."""
        if seq == self.crash_at_seq:
            raise SimulatedCrash(f"consumer {self.name!r} crashed after the effect of event {seq}")

    def checkpoint(self) -> int:
        row = self.conn.execute("SELECT seq FROM checkpoints WHERE consumer = ?", (self.name,)).fetchone()
        return row[0] if row else 0

    def poll(self, max_events: int = 100) -> list[int]:
        """Apply the next events after the checkpoint, each in one transaction with its checkpoint."""
        if not _is_int(max_events) or max_events < 1:
            raise ValueError(f"max_events must be a positive int, got {max_events!r}")
        conn = self.conn
        batch = conn.execute("SELECT seq, payload FROM outbox WHERE seq > ? ORDER BY seq LIMIT ?",
                             (self.checkpoint(), max_events)).fetchall()
        applied = []
        for seq, payload in batch:
            event = json.loads(payload)
            conn.execute("BEGIN IMMEDIATE")
            try:
                conn.execute("""INSERT INTO earnings (consumer, driver_id, cents, rides) VALUES (?, ?, ?, 1)
                                ON CONFLICT (consumer, driver_id)
                                DO UPDATE SET cents = cents + excluded.cents, rides = rides + 1""",
                             (self.name, event["driver_id"], event["fare_cents"]))
                conn.execute("INSERT INTO applied (consumer, seq, applied_at) VALUES (?, ?, ?)",
                             (self.name, seq, time.time()))
                self.crashpoint(seq)
                # The checkpoint moves in the effect's own transaction: both or neither.
                conn.execute("""INSERT INTO checkpoints (consumer, seq) VALUES (?, ?)
                                ON CONFLICT (consumer) DO UPDATE SET seq = excluded.seq""", (self.name, seq))
                conn.execute("COMMIT")
            except BaseException:
                if conn.in_transaction:
                    conn.execute("ROLLBACK")
                raise
            applied.append(seq)
        return applied

    def earnings(self) -> dict[int, int]:
        return dict(self.conn.execute("SELECT driver_id, cents FROM earnings WHERE consumer = ?", (self.name,)))

    def close(self) -> None:
        self.conn.close()


def run_consumer(path: str, name: str, until_seq: int, poll_interval_s: float = 0.05) -> None:
    """Poll until the checkpoint reaches until_seq, printing "applied <seq>" after each COMMIT."""
    consumer = Consumer(path, name)
    while True:
        applied = consumer.poll(max_events=10)
        for seq in applied:
            print(f"applied {seq}", flush=True)
        if consumer.checkpoint() >= until_seq:
            print("done", flush=True)
            break
        if not applied:
            time.sleep(poll_interval_s)
    consumer.close()


def run_producer(path: str, events: list, interval_s: float = 0.01) -> None:
    """Send each event, printing "sent <seq>", interval_s apart."""
    producer = Producer(path)
    for i, event in enumerate(events):
        if i:
            time.sleep(interval_s)
        print(f"sent {producer.send(event)}", flush=True)
    producer.close()


def latency_report(path: str, name: str) -> dict:
    """Median and p99 of produced_at -> applied_at over the events consumer `name` applied."""
    conn = _open(path)
    try:
        latencies = sorted(a - p for a, p in conn.execute(
            "SELECT a.applied_at, o.produced_at FROM applied a JOIN outbox o ON o.seq = a.seq WHERE a.consumer = ?",
            (name,)))
    finally:
        conn.close()
    n = len(latencies)
    if not n:
        return {"events": 0, "median_s": None, "p99_s": None}
    return {"events": n, "median_s": statistics.median(latencies), "p99_s": latencies[math.ceil(0.99 * n) - 1]}

"""Databases, rides and read-backs for dataflow.through_database, with sqlite3 alone.

The schema is the statement's, written here again: the tests make the file themselves (in
the default rollback-journal mode, so that WAL is the kata's doing) and read it back with
their own connection, so what they see is the file, not the kata's objects.
"""
from __future__ import annotations

import json
import os
import random
import sqlite3
from contextlib import closing

SCHEMA = """
CREATE TABLE outbox (seq INTEGER PRIMARY KEY, payload TEXT NOT NULL, produced_at REAL NOT NULL);
CREATE TABLE checkpoints (consumer TEXT PRIMARY KEY, seq INTEGER NOT NULL);
CREATE TABLE earnings (consumer TEXT NOT NULL, driver_id INTEGER NOT NULL, cents INTEGER NOT NULL,
                       rides INTEGER NOT NULL, PRIMARY KEY (consumer, driver_id));
CREATE TABLE applied (consumer TEXT NOT NULL, seq INTEGER NOT NULL, applied_at REAL NOT NULL);
"""


def make_db(path) -> str:
    with closing(sqlite3.connect(path)) as conn, conn:
        conn.execute("PRAGMA synchronous=OFF")  # the tests' own writes need no fsync
        conn.executescript(SCHEMA)
    # Under `kata grade` the candidate runs as another uid: the file (and the folder, where
    # it creates the -wal and -shm files) must be writable by it.
    os.chmod(path, 0o666)
    os.chmod(os.path.dirname(os.path.abspath(path)), 0o777)
    return str(path)


def rides(n: int, seed: int, drivers: int = 5, first_ride: int = 1) -> list[dict]:
    """n ride events: a few drivers, fares in cents, now and then a zero fare (a cancelled ride)."""
    rnd = random.Random(seed)
    return [{"ride_id": first_ride + i, "driver_id": rnd.randint(1, drivers),
             "fare_cents": 0 if rnd.random() < 0.05 else rnd.randint(300, 6000),
             "city": rnd.choice(["San Francisco", "Oakland", "San Jose"])} for i in range(n)]


def fill_outbox(path, events, produced_at: float = 0.0) -> None:
    """Write events straight into the outbox, as another producer would."""
    with closing(sqlite3.connect(path, timeout=10)) as conn, conn:
        conn.execute("PRAGMA synchronous=OFF")
        conn.executemany("INSERT INTO outbox (payload, produced_at) VALUES (?, ?)",
                         [(json.dumps(e), produced_at) for e in events])


def write_timings(path, consumer: str, produced: list[float], applied: list[float]) -> None:
    """Outbox rows produced at `produced` and applied by `consumer` at `applied` (same seqs)."""
    with closing(sqlite3.connect(path, timeout=10)) as conn, conn:
        conn.execute("PRAGMA synchronous=OFF")
        first = conn.execute("SELECT coalesce(max(seq), 0) FROM outbox").fetchone()[0] + 1
        conn.executemany("INSERT INTO outbox (seq, payload, produced_at) VALUES (?, ?, ?)",
                         [(first + i, json.dumps({"driver_id": 1, "fare_cents": 1}), p) for i, p in enumerate(produced)])
        conn.executemany("INSERT INTO applied (consumer, seq, applied_at) VALUES (?, ?, ?)",
                         [(consumer, first + i, a) for i, a in enumerate(applied)])


def rows(path, sql, params=()):
    with closing(sqlite3.connect(path, timeout=10)) as conn:
        return conn.execute(sql, params).fetchall()


def state(path, consumer: str) -> dict:
    """What the file says about one consumer: checkpoint, earnings {driver: (cents, rides)},
    and the seqs of its applied rows in seq order (a seq twice: applied twice)."""
    return states(path, [consumer])[consumer]


def states(path, consumers) -> dict:
    """state() of several consumers, read in one connection."""
    with closing(sqlite3.connect(path, timeout=10)) as conn:
        return {consumer: _state(conn, consumer) for consumer in consumers}


def _state(conn, consumer: str) -> dict:
    checkpoint = conn.execute("SELECT seq FROM checkpoints WHERE consumer = ?", (consumer,)).fetchone()
    earnings = {d: (c, r) for d, c, r in conn.execute(
        "SELECT driver_id, cents, rides FROM earnings WHERE consumer = ?", (consumer,))}
    applied = [s for (s,) in conn.execute("SELECT seq FROM applied WHERE consumer = ? ORDER BY seq", (consumer,))]
    return {"checkpoint": checkpoint[0] if checkpoint else 0, "earnings": earnings, "applied": applied}


def journal_mode(path) -> str:
    return rows(path, "PRAGMA journal_mode")[0][0]

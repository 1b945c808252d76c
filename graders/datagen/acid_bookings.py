"""Databases and checks for storage.acid_bookings, with sqlite3 alone (never the kata's code).

The schema is the statement's, written here again: the tests build the file themselves and
read it back with their own connection, so what they see is the file, not the service.
"""
from __future__ import annotations

import os
import random
import sqlite3
from contextlib import closing

SCHEMA = """
CREATE TABLE drivers (driver_id INTEGER PRIMARY KEY, name TEXT NOT NULL);
CREATE TABLE riders (rider_id INTEGER PRIMARY KEY, balance_cents INTEGER NOT NULL,
                     topped_up_cents INTEGER NOT NULL, gateway TEXT NOT NULL DEFAULT 'up');
CREATE TABLE bookings (booking_id INTEGER PRIMARY KEY, driver_id INTEGER NOT NULL,
                       rider_id INTEGER NOT NULL, start_min INTEGER NOT NULL,
                       end_min INTEGER NOT NULL, status TEXT NOT NULL DEFAULT 'active');
CREATE TABLE charges (charge_id INTEGER PRIMARY KEY, booking_id INTEGER NOT NULL,
                      rider_id INTEGER NOT NULL, amount_cents INTEGER NOT NULL,
                      refunded INTEGER NOT NULL DEFAULT 0);
"""


def make_db(path, drivers, riders, down=()) -> str:
    """drivers {id: name}, riders {id: balance_cents}; riders in `down` have gateway 'down'."""
    with closing(sqlite3.connect(path)) as conn, conn:
        conn.executescript(SCHEMA)
        conn.executemany("INSERT INTO drivers VALUES (?, ?)", sorted(drivers.items()))
        conn.executemany("INSERT INTO riders VALUES (?, ?, ?, ?)",
                         [(r, b, b, "down" if r in down else "up") for r, b in sorted(riders.items())])
    # Under `kata grade` the service runs as another uid: the file must be writable by it
    # (its -wal and -shm files it creates itself, in the test's folder).
    os.chmod(path, 0o666)
    return str(path)


def rows(db, sql, params=()):
    """db: a path, or a connection the caller opened (one for many queries is cheaper)."""
    if isinstance(db, sqlite3.Connection):
        return db.execute(sql, params).fetchall()
    with closing(sqlite3.connect(db)) as conn:
        return conn.execute(sql, params).fetchall()


def snapshot(path) -> dict:
    """Everything the service may have changed, as plain data."""
    with closing(sqlite3.connect(path)) as conn:
        return _snapshot(conn)


def _snapshot(db) -> dict:
    return {
        "bookings": rows(db, "SELECT booking_id, driver_id, rider_id, start_min, end_min, status FROM bookings ORDER BY 1"),
        "charges": sorted(rows(db, "SELECT booking_id, rider_id, amount_cents, refunded FROM charges")),
        "balances": dict(rows(db, "SELECT rider_id, balance_cents FROM riders")),
    }


def violations(path) -> list[str]:
    """The consistency rules of the statement that the file breaks, in words (empty: none)."""
    with closing(sqlite3.connect(path)) as conn:
        return _violations(conn)


def _violations(db) -> list[str]:
    out = []
    for b1, b2, d in rows(db, """SELECT a.booking_id, b.booking_id, a.driver_id FROM bookings a JOIN bookings b
                                   ON a.driver_id = b.driver_id AND a.booking_id < b.booking_id
                                   WHERE a.status = 'active' AND b.status = 'active'
                                   AND a.start_min < b.end_min AND b.start_min < a.end_min"""):
        out.append(f"driver {d} double-booked: active bookings {b1} and {b2} overlap")
    for bid, n in rows(db, """SELECT b.booking_id, count(c.charge_id) FROM bookings b
                                LEFT JOIN charges c ON c.booking_id = b.booking_id GROUP BY b.booking_id
                                HAVING count(c.charge_id) != 1"""):
        out.append(f"booking {bid} has {n} charges, expected exactly 1")
    for (cid,) in rows(db, "SELECT charge_id FROM charges WHERE booking_id NOT IN (SELECT booking_id FROM bookings)"):
        out.append(f"charge {cid} is for no booking")
    for bid, status, refunded in rows(db, """SELECT b.booking_id, b.status, c.refunded FROM bookings b
                                              JOIN charges c ON c.booking_id = b.booking_id
                                              WHERE (b.status = 'cancelled') != (c.refunded = 1)"""):
        out.append(f"booking {bid} is {status} but its charge has refunded = {refunded}")
    for rider, balance, expected in rows(db, """SELECT r.rider_id, r.balance_cents,
                                                  r.topped_up_cents - coalesce(sum(c.amount_cents), 0)
                                                  FROM riders r LEFT JOIN charges c
                                                  ON c.rider_id = r.rider_id AND c.refunded = 0
                                                  GROUP BY r.rider_id"""):
        if balance != expected:
            out.append(f"rider {rider} has balance_cents {balance}, but topped_up_cents - unrefunded charges = {expected}")
    return out


def booking_ids(path) -> set[int]:
    return {b for (b,) in rows(path, "SELECT booking_id FROM bookings")}


def random_plan(n, drivers, riders, seed, first_start=0):
    """n bookings [driver, rider, start, end, amount]: some overlap, some are declined."""
    rnd = random.Random(seed)
    plan = []
    for _ in range(n):
        start = first_start + rnd.randrange(0, 40 * n, 5)
        plan.append([rnd.choice(drivers), rnd.choice(riders), start, start + rnd.choice([10, 20, 30, 45]),
                     rnd.randint(300, 2500)])
    return plan

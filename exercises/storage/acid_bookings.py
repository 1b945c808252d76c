"""ACID on a real SQLite file: a ride-booking service that never double-books or half-charges.

The deck's OLTP column: "Capture Activity as 'Transactions'", and "Ticking all ACID
properties would be ideal". Booking a ride is two writes that must stand or fall together:
reserve the driver for a time slot, and charge the rider. Build the service on one SQLite
file (Python's sqlite3), given the schema below, so that

- Atomicity: a booking whose payment fails (PaymentDeclined, or the gateway failing after
  the rider was already debited) leaves no booking and no charge;
- Consistency: no driver has two active bookings that overlap; every booking has exactly
  one charge; every rider's balance_cents = topped_up_cents - the unrefunded charges;
- Isolation: two processes booking the same driver at once never both get the slot;
- Durability: a booking reported as committed is in the file, even if the process is
  killed (SIGKILL) right after, and a process killed mid-booking leaves the file consistent.

    drivers  (driver_id INTEGER PRIMARY KEY, name TEXT)
    riders   (rider_id INTEGER PRIMARY KEY, balance_cents INTEGER, topped_up_cents INTEGER,
              gateway TEXT: 'up' or 'down')
    bookings (booking_id INTEGER PRIMARY KEY, driver_id, rider_id, start_min, end_min,
              status TEXT: 'active' or 'cancelled')
    charges  (charge_id INTEGER PRIMARY KEY, booking_id, rider_id, amount_cents,
              refunded INTEGER: 0 or 1)

    >>> create_database("/tmp/rides.db", drivers={7: "Ana"}, riders={42: 5000, 43: 100})
    >>> service = Bookings("/tmp/rides.db")
    >>> service.book(driver_id=7, rider_id=42, start=480, end=510, amount_cents=1850)
    1
    >>> service.book(7, 42, 500, 530, 900)                 # overlaps 480-510
    Traceback (most recent call last):
    DriverBusyError: driver 7 is busy between 500 and 530
    >>> service.book(7, 43, 510, 540, 900)                 # 100 cents left: declined
    Traceback (most recent call last):
    PaymentDeclined: rider 43 has 100 cents, the ride costs 900
    >>> service.cancel(1)                                  # refunds the 1850
    >>> service.book(7, 42, 500, 530, 900)
    2

Rules.
- Bookings(path) opens a database made by create_database (the given SCHEMA), with
  PRAGMA journal_mode=WAL and synchronous=FULL, and one connection for its whole life.
  Why those: in WAL mode a commit appends the transaction to the -wal file and ends with
  a commit record; a reader or a recovering process uses only transactions whose commit
  record is there, so a process killed mid-transaction leaves nothing of it and nothing
  committed is lost (SQLite recovers on the next open). SIGKILL never loses what was
  written to the OS; synchronous=FULL also fsyncs the -wal at every commit, so a commit
  survives a power cut too (NORMAL in WAL mode may lose the last commits to a power cut,
  never to a killed process; the tests kill processes). A rollback journal gives the same
  guarantees by the other route: the old pages are saved first and put back on recovery.
- book(driver_id, rider_id, start, end, amount_cents) -> booking_id books [start, end) (in
  minutes) in ONE transaction that takes the write lock before it reads (BEGIN IMMEDIATE):
  check the driver and the rider exist, that no active booking of the driver overlaps
  [start, end) (back to back is fine: 480-510 then 510-540), insert the booking, call the
  given charge(), COMMIT. Any exception: ROLLBACK, then raise it again.
- cancel(booking_id): one transaction: status 'cancelled', the charge refunded = 1 and its
  amount back on the rider's balance.
- serve_bookings(path, plan, go_file=None): the service as a process of its own (the tests
  start it in one and race two of them, or kill it): open Bookings(path); if go_file is
  given, call the given wait_for_go(go_file); then book every [driver_id, rider_id, start,
  end, amount_cents] of plan in order, printing (flush=True) "committed <booking_id>"
  after each COMMIT, or "refused <index in plan> <error class name>" when book raised a
  BookingError, PaymentDeclined or GatewayError. A printed "committed" is a promise: the
  tests kill the process at random points and look for every promised booking in the file.

Bad input raises (and changes nothing), checked in this order: amount_cents not an int > 0,
ValueError("amount_cents must be a positive int, got -5"); start/end not ints with start <
end, ValueError("a booking needs int start < end, got 30 and 30"); UnknownDriverError("no
driver 9"); UnknownRiderError("no rider 9"); DriverBusyError("driver 7 is busy between 500
and 530"); then charge() raises PaymentDeclined("rider 43 has 100 cents, the ride costs
900") or GatewayError("payment gateway down for rider 44"). cancel: UnknownBookingError("no
booking 12"), AlreadyCancelledError("booking 1 is already cancelled"). The BookingError
classes are given.

Run its tests: pytest exercises/storage/test_acid_bookings.py   (or: kata check storage.acid_bookings)
"""
from __future__ import annotations

import os
import sqlite3
import time

# --- given: the schema, the payment step, errors ------------------------------------------

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
# No UNIQUE or CHECK can say "no two active bookings of a driver overlap": the
# transactions must keep it true.


class BookingError(Exception):
    """A booking or cancellation the service refuses."""


class UnknownDriverError(BookingError):
    pass


class UnknownRiderError(BookingError):
    pass


class UnknownBookingError(BookingError):
    pass


class AlreadyCancelledError(BookingError):
    pass


class DriverBusyError(BookingError):
    pass


class PaymentDeclined(Exception):
    """The rider's balance does not cover the ride."""


class GatewayError(RuntimeError):
    """The payment gateway failed, after the rider was debited."""


def create_database(path: str, drivers: dict, riders: dict) -> None:
    """A new database file: drivers {driver_id: name}, riders {rider_id: balance_cents}."""
    conn = sqlite3.connect(path)
    with conn:
        conn.executescript(SCHEMA)
        conn.executemany("INSERT INTO drivers VALUES (?, ?)", sorted(drivers.items()))
        conn.executemany("INSERT INTO riders VALUES (?, ?, ?, 'up')", [(r, b, b) for r, b in sorted(riders.items())])
    conn.close()


def charge(conn: sqlite3.Connection, booking_id: int, rider_id: int, amount_cents: int) -> None:
    """The payment step, inside the caller's transaction: debit the rider, record the charge.

    Raises PaymentDeclined before writing anything, or GatewayError AFTER the debit (a rider
    whose gateway is 'down'): only the caller's ROLLBACK undoes that debit.
    """
    balance, gateway = conn.execute("SELECT balance_cents, gateway FROM riders WHERE rider_id = ?",
                                    (rider_id,)).fetchone()
    if balance < amount_cents:
        raise PaymentDeclined(f"rider {rider_id} has {balance} cents, the ride costs {amount_cents}")
    conn.execute("UPDATE riders SET balance_cents = balance_cents - ? WHERE rider_id = ?", (amount_cents, rider_id))
    if gateway == "down":
        raise GatewayError(f"payment gateway down for rider {rider_id}")
    conn.execute("INSERT INTO charges (booking_id, rider_id, amount_cents) VALUES (?, ?, ?)",
                 (booking_id, rider_id, amount_cents))


def wait_for_go(go_file: str) -> None:
    """Print "ready", then wait until go_file exists: both racers start at the same moment."""
    print("ready", flush=True)
    while not os.path.exists(go_file):
        time.sleep(0.001)


# --- to write --------------------------------------------------------------------------------


class Bookings:
    """The booking service on one SQLite file."""

    def __init__(self, path: str):
        """Open the database: one connection, journal_mode=WAL, synchronous=FULL.

        (about 3 lines) e.g. sqlite3.connect(path, isolation_level=None, timeout=30)
        """
        # TODO: isolation_level=None makes sqlite3 leave transactions to you (BEGIN/COMMIT).
        raise NotImplementedError("Bookings")

    def book(self, driver_id: int, rider_id: int, start: int, end: int, amount_cents: int) -> int:
        """Reserve the driver for [start, end) and charge the rider, all or nothing.

        (about 25 lines) e.g. book(7, 42, 480, 510, 1850) -> 1; book(7, 42, 500, 530, 900)
        -> DriverBusyError("driver 7 is busy between 500 and 530")
        """
        # TODO: check the arguments; BEGIN IMMEDIATE; check driver, rider, overlaps
        # (start_min < end AND start < end_min); INSERT; charge(); COMMIT; ROLLBACK on any error.
        raise NotImplementedError("Bookings.book")

    def cancel(self, booking_id: int) -> None:
        """Cancel an active booking and refund its charge, all or nothing.

        (about 15 lines) e.g. cancel(1) -> booking 1 'cancelled', its charge refunded = 1,
        the rider's balance_cents back up by the amount
        """
        # TODO: one BEGIN IMMEDIATE ... COMMIT around the three updates.
        raise NotImplementedError("Bookings.cancel")

    def close(self) -> None:
        """Close the connection."""
        raise NotImplementedError("Bookings.close")


def serve_bookings(path: str, plan: list, go_file: str | None = None) -> None:
    """Book every [driver_id, rider_id, start, end, amount_cents] of plan, printing each outcome.

    (about 12 lines) e.g. prints "committed 1", "refused 1 DriverBusyError", "committed 2"
    """
    # TODO: Bookings(path); wait_for_go(go_file) if given; print(..., flush=True) only once
    # book() has returned.
    raise NotImplementedError("serve_bookings")

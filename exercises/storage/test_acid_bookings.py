"""Visible tests for storage.acid_bookings. Run: pytest exercises/storage/test_acid_bookings.py"""
import pytest

from graders import kata, processes
from graders.datagen import acid_bookings as gen

ab = kata("storage.acid_bookings")


@pytest.fixture
def db(tmp_path):
    """Driver 7 (Ana) and 8 (Ben); rider 42 with 50.00, 43 with 1.00, 44 whose gateway is down."""
    return gen.make_db(tmp_path / "rides.db", {7: "Ana", 8: "Ben"}, {42: 5000, 43: 100, 44: 5000}, down={44})


def test_statement_example(db):
    service = ab.Bookings(db)
    got = service.book(driver_id=7, rider_id=42, start=480, end=510, amount_cents=1850)
    assert got == 1, f"the first book(7, 42, 480, 510, 1850) returned {got!r}, expected booking id 1"
    with pytest.raises(ab.DriverBusyError, match=r"^driver 7 is busy between 500 and 530"):
        service.book(7, 42, 500, 530, 900)
    with pytest.raises(ab.PaymentDeclined, match=r"^rider 43 has 100 cents, the ride costs 900"):
        service.book(7, 43, 510, 540, 900)
    service.cancel(1)
    got = service.book(7, 42, 500, 530, 900)
    assert got == 2, f"book(7, 42, 500, 530, 900) after cancel(1) returned {got!r}, expected booking id 2"
    service.close()
    got = gen.snapshot(db)
    expected = {"bookings": [(1, 7, 42, 480, 510, "cancelled"), (2, 7, 42, 500, 530, "active")],
                "charges": [(1, 42, 1850, 1), (2, 42, 900, 0)], "balances": {42: 4100, 43: 100, 44: 5000}}
    assert got == expected, f"the file after the statement's example holds {got}, expected {expected}"


def test_back_to_back_is_fine_and_overlaps_are_refused(db):
    service = ab.Bookings(db)
    service.book(7, 42, 480, 510, 100)
    service.book(7, 42, 510, 540, 100)  # back to back
    service.book(8, 42, 480, 540, 100)  # another driver
    for start, end in [(470, 490), (500, 520), (479, 541), (509, 511)]:
        with pytest.raises(ab.DriverBusyError):
            service.book(7, 42, start, end, 100)
            pytest.fail(f"driver 7 holds 480-510 and 510-540, yet book(7, 42, {start}, {end}, 100) succeeded")
    problems = gen.violations(db)
    assert problems == [], f"after three bookings and four refused ones the file breaks the rules: {problems}"


def test_a_gateway_failure_after_the_debit_leaves_no_trace(db):
    service = ab.Bookings(db)
    before = gen.snapshot(db)
    with pytest.raises(ab.GatewayError, match=r"^payment gateway down for rider 44"):
        service.book(7, 44, 480, 510, 1850)
    got = gen.snapshot(db)
    assert got == before, (f"book(7, 44, ...) raised GatewayError after charge() debited rider 44; the file changed "
                           f"from {before} to {got}: the booking and the debit must both be rolled back")
    got = service.book(7, 42, 480, 510, 1850)  # the slot is still free, the service still works
    assert gen.violations(db) == [], f"after a failed then a good booking: {gen.violations(db)}"


def test_cancel_refunds_once(db):
    service = ab.Bookings(db)
    bid = service.book(7, 42, 480, 510, 1850)
    service.cancel(bid)
    with pytest.raises(ab.AlreadyCancelledError, match=rf"^booking {bid} is already cancelled"):
        service.cancel(bid)
    got = gen.rows(db, "SELECT balance_cents FROM riders WHERE rider_id = 42")[0][0]
    assert got == 5000, f"rider 42 paid 1850 for booking {bid}, which was cancelled (then cancelled again, refused): balance_cents is {got}, expected 5000"
    assert gen.violations(db) == [], f"after book, cancel, cancel: {gen.violations(db)}"


def test_bad_input(db):
    service = ab.Bookings(db)
    cases = [((7, 42, 480, 510, -5), ValueError, r"^amount_cents must be a positive int, got -5"),
             ((7, 42, 480, 510, 0), ValueError, r"^amount_cents must be a positive int, got 0"),
             ((7, 42, 30, 30, 100), ValueError, r"^a booking needs int start < end, got 30 and 30"),
             ((9, 42, 480, 510, 100), ab.UnknownDriverError, r"^no driver 9"),
             ((7, 9, 480, 510, 100), ab.UnknownRiderError, r"^no rider 9")]
    for args, error, message in cases:
        with pytest.raises(error, match=message):
            service.book(*args)
    with pytest.raises(ab.UnknownBookingError, match=r"^no booking 12"):
        service.cancel(12)
    got = gen.snapshot(db)["bookings"]
    assert got == [], f"every call was refused, yet the bookings table holds {got}"


def test_the_file_is_in_wal_mode(db):
    ab.Bookings(db).close()
    got = gen.rows(db, "PRAGMA journal_mode")[0][0]
    assert got == "wal", f"PRAGMA journal_mode of the file after Bookings(path) is {got!r}, expected 'wal'"


def test_serve_bookings_in_a_process_of_its_own_prints_each_outcome(db):
    ab.Bookings(db).close()  # the service opens the file here before it runs in a process
    plan = [[7, 42, 480, 510, 100], [7, 42, 500, 520, 100], [7, 43, 600, 630, 900], [8, 42, 0, 10, 50]]
    with processes.start("storage.acid_bookings", "serve_bookings", db, plan) as proc:
        got = proc.lines(timeout=10)
        status = proc.wait(timeout=10)
        log = proc.stderr_tail()
    expected = ["committed 1", "refused 1 DriverBusyError", "refused 2 PaymentDeclined", "committed 2"]
    assert status == 0 and got == expected, (f"serve_bookings(db, {plan}) printed {got} and exited with {status}, "
                                             f"expected {expected} and 0. Its stderr:\n{log}")

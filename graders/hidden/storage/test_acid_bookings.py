"""Hidden tests for storage.acid_bookings, every check made on the file with sqlite3 alone:
failed payments roll back (atomicity); every overlap boundary, cancellations and refunds
(consistency); a committed booking is visible to another connection at once; bad input in
the documented order; a stateful run against a plain-Python model; two real processes
racing for one driver's slots (isolation); and a process killed with SIGKILL at random
points, again and again, that must keep every "committed" it printed (durability)."""
import random
import time

import pytest
from hypothesis import settings
from hypothesis import strategies as st
from hypothesis.stateful import RuleBasedStateMachine, invariant, rule, run_state_machine_as_test

from graders import kata, processes
from graders.datagen import acid_bookings as gen

ab = kata("storage.acid_bookings")

# Riders: 1 and 2 rich, 3 rich but its gateway fails after the debit, 4 poor.
RIDERS = {1: 5000, 2: 3000, 3: 5000, 4: 1000}
DOWN = {3}
DRIVERS = {1: "Ana", 2: "Ben"}
KILLS = 12  # SIGKILLs in the durability test, each into a fresh process (~0.1-0.2 s apiece)
RACE_SLOTS = 30  # slots two processes fight for


def fresh(tmp_path, name="rides.db", riders=RIDERS, drivers=DRIVERS, down=DOWN):
    return gen.make_db(tmp_path / name, drivers, riders, down=down)


# --- cheap, targeted checks first ------------------------------------------------------------

def test_a_declined_payment_leaves_no_booking_and_no_charge(tmp_path):
    db = fresh(tmp_path)
    service = ab.Bookings(db)
    before = gen.snapshot(db)
    with pytest.raises(ab.PaymentDeclined, match=r"^rider 4 has 1000 cents, the ride costs 1001"):
        service.book(1, 4, 60, 90, 1001)
    got = gen.snapshot(db)
    assert got == before, (f"book(1, 4, 60, 90, 1001) was declined (rider 4 has 1000 cents), yet the file went "
                           f"from {before} to {got}: reserving the driver and charging must be one transaction")
    got = service.book(1, 4, 60, 90, 1000)  # exactly the balance: fine
    assert gen.snapshot(db)["balances"][4] == 0, f"rider 4 paid its whole 1000 cents for booking {got}: balance is {gen.snapshot(db)['balances'][4]}"


def test_a_failure_after_the_debit_is_rolled_back_and_the_service_goes_on(tmp_path):
    db = fresh(tmp_path)
    service = ab.Bookings(db)
    before = gen.snapshot(db)
    for _ in range(2):
        with pytest.raises(ab.GatewayError, match=r"^payment gateway down for rider 3"):
            service.book(2, 3, 0, 30, 700)
        got = gen.snapshot(db)
        assert got == before, f"book(2, 3, 0, 30, 700) failed after charge() debited rider 3; the file changed to {got}"
    for call in [lambda: service.book(2, 1, 0, 30, 700), lambda: service.cancel(1), lambda: service.book(2, 2, 0, 30, 500)]:
        call()  # a transaction left open by the failure would make these fail
    got = gen.snapshot(db)
    expected = {"bookings": [(1, 2, 1, 0, 30, "cancelled"), (2, 2, 2, 0, 30, "active")],
                "charges": [(1, 1, 700, 1), (2, 2, 500, 0)], "balances": {1: 5000, 2: 2500, 3: 5000, 4: 1000}}
    assert got == expected, f"after two gateway failures, a booking, its cancellation and another booking the file holds {got}, expected {expected}"


def test_a_returned_booking_is_already_committed(tmp_path):
    db = fresh(tmp_path)
    service = ab.Bookings(db)
    for i in range(3):
        bid = service.book(1, 1, 100 * i, 100 * i + 30, 100)
        # Another connection sees only committed data: the promise "book() returned" is kept.
        got = gen.booking_ids(db)
        assert bid in got, f"book() returned booking {bid}, but another connection on the file sees only {sorted(got)}: not committed yet"
        assert gen.violations(db) == [], f"after booking {bid} another connection sees: {gen.violations(db)}"
    service.cancel(bid)
    got = gen.rows(db, "SELECT status FROM bookings WHERE booking_id = ?", (bid,))
    assert got == [("cancelled",)], f"cancel({bid}) returned, but another connection sees its status as {got}"


@pytest.mark.parametrize("start, end, free", [
    (60, 90, False), (50, 70, False), (80, 100, False), (70, 80, False), (50, 100, False), (89, 91, False),
    (30, 60, True), (90, 120, True), (0, 10, True), (59, 61, False),
])
def test_overlap_boundaries(tmp_path, start, end, free):
    db = fresh(tmp_path)
    service = ab.Bookings(db)
    service.book(1, 1, 60, 90, 100)
    service.book(2, 1, start, end, 100)  # the other driver is not busy
    try:
        service.book(1, 2, start, end, 100)
        got = "booked"
    except ab.DriverBusyError as e:
        got = "busy"
        assert str(e).startswith(f"driver 1 is busy between {start} and {end}"), f"DriverBusyError says {str(e)!r}"
    expected = "booked" if free else "busy"
    assert got == expected, f"driver 1 holds [60, 90); book(1, 2, {start}, {end}, 100) was {got}, expected {expected}"
    assert gen.violations(db) == [], f"the file breaks the rules: {gen.violations(db)}"


def test_a_cancelled_booking_frees_its_slot(tmp_path):
    db = fresh(tmp_path)
    service = ab.Bookings(db)
    first = service.book(1, 1, 60, 90, 100)
    service.cancel(first)
    second = service.book(1, 2, 50, 100, 100)
    with pytest.raises(ab.DriverBusyError):
        service.book(1, 1, 60, 90, 100)
        pytest.fail(f"booking {second} holds [50, 100), yet [60, 90) was booked again")
    assert gen.violations(db) == [], f"the file breaks the rules: {gen.violations(db)}"


def test_cancel_refunds_exactly_once(tmp_path):
    db = fresh(tmp_path)
    service = ab.Bookings(db)
    a = service.book(1, 2, 0, 30, 1200)
    b = service.book(2, 2, 0, 30, 800)
    service.cancel(a)
    for _ in range(2):
        with pytest.raises(ab.AlreadyCancelledError, match=rf"^booking {a} is already cancelled"):
            service.cancel(a)
    got = gen.snapshot(db)
    assert got["balances"][2] == 2200, f"rider 2 (3000) paid 1200 (cancelled, refunded once) and 800: balance is {got['balances'][2]}, expected 2200"
    assert got["charges"] == [(a, 2, 1200, 1), (b, 2, 800, 0)], f"charges are {got['charges']}"
    with pytest.raises(ab.UnknownBookingError, match=r"^no booking 99"):
        service.cancel(99)


def test_bad_input_in_the_documented_order_changes_nothing(tmp_path):
    db = fresh(tmp_path)
    service = ab.Bookings(db)
    service.book(1, 1, 60, 90, 100)
    before = gen.snapshot(db)
    cases = [((9, 9, 60, 90, -1), ValueError, r"^amount_cents must be a positive int, got -1"),
             ((1, 1, 0, 10, 2.5), ValueError, r"^amount_cents must be a positive int, got 2.5"),
             ((1, 1, 0, 10, True), ValueError, r"^amount_cents must be a positive int, got True"),
             ((9, 9, 60, 90, 0), ValueError, r"^amount_cents must be a positive int, got 0"),
             ((9, 9, 40, 30, 100), ValueError, r"^a booking needs int start < end, got 40 and 30"),
             ((9, 9, 45, 45, 100), ValueError, r"^a booking needs int start < end, got 45 and 45"),
             ((1, 1, "0", 10, 100), ValueError, r"^a booking needs int start < end, got '0' and 10"),
             ((9, 9, 60, 90, 100), ab.UnknownDriverError, r"^no driver 9"),
             ((1, 9, 60, 90, 100), ab.UnknownRiderError, r"^no rider 9"),
             ((1, 4, 60, 90, 5000), ab.DriverBusyError, r"^driver 1 is busy between 60 and 90"),
             ((1, 3, 90, 95, 5001), ab.PaymentDeclined, r"^rider 3 has 5000 cents, the ride costs 5001")]
    for args, error, message in cases:
        with pytest.raises(error, match=message):
            service.book(*args)
        got = gen.snapshot(db)
        assert got == before, f"book{args} was refused with {error.__name__}, yet the file changed to {got}"
    smallest = service.book(2, 2, 0, 1, 1)  # one cent, one minute: the smallest booking there is
    assert gen.snapshot(db) != before, f"book(2, 2, 0, 1, 1) returned {smallest} but changed nothing in the file"
    for error in (ab.UnknownDriverError, ab.UnknownRiderError, ab.UnknownBookingError, ab.AlreadyCancelledError,
                  ab.DriverBusyError):
        assert issubclass(error, ab.BookingError), f"{error.__name__} is not a BookingError"


def test_the_file_is_in_wal_mode(tmp_path):
    db = fresh(tmp_path)
    service = ab.Bookings(db)
    service.book(1, 1, 0, 10, 100)
    got = gen.rows(db, "PRAGMA journal_mode")[0][0]
    assert got == "wal", f"PRAGMA journal_mode of the file while the service runs is {got!r}, expected 'wal'"


# --- a stateful run against a plain-Python model ------------------------------------------------

class Model:
    """What the file must hold, kept with dicts and the statement's rules."""

    def __init__(self):
        self.balance = dict(RIDERS)
        self.bookings = {}  # id -> [driver, rider, start, end, status, amount]

    def book_outcome(self, driver, rider, start, end, amount):
        if isinstance(amount, bool) or not isinstance(amount, int) or amount <= 0:
            return "ValueError"
        if driver not in DRIVERS:
            return "UnknownDriverError"
        if rider not in RIDERS:
            return "UnknownRiderError"
        if any(d == driver and s == "active" and b0 < end and start < b1 for d, _, b0, b1, s, _ in self.bookings.values()):
            return "DriverBusyError"
        if self.balance[rider] < amount:
            return "PaymentDeclined"
        if rider in DOWN:
            return "GatewayError"
        return None

    def file(self):
        return {"bookings": [(i, d, r, s, e, st_) for i, (d, r, s, e, st_, _) in sorted(self.bookings.items())],
                "charges": sorted((i, r, a, int(st_ == "cancelled")) for i, (_, r, _, _, st_, a) in self.bookings.items()),
                "balances": dict(self.balance)}


class BookingMachine(RuleBasedStateMachine):
    def __init__(self, folder):
        super().__init__()
        self.db = gen.make_db(folder / f"m{time.monotonic_ns()}.db", DRIVERS, RIDERS, down=DOWN)
        self.service = ab.Bookings(self.db)
        self.model = Model()

    @rule(driver=st.sampled_from([1, 2, 9]), rider=st.sampled_from([1, 2, 3, 4, 9]),
          start=st.integers(0, 12).map(lambda k: 10 * k), length=st.sampled_from([5, 10, 20, 35]),
          amount=st.sampled_from([-5, 0, 1, 250, 999, 1000, 2600]))
    def book(self, driver, rider, start, length, amount):
        end = start + length
        expected = self.model.book_outcome(driver, rider, start, end, amount)
        try:
            bid = self.service.book(driver, rider, start, end, amount)
        except (ValueError, ab.BookingError, ab.PaymentDeclined, ab.GatewayError) as e:
            got = type(e).__name__
            assert got == expected or (expected == "ValueError" and isinstance(e, ValueError)), (
                f"book({driver}, {rider}, {start}, {end}, {amount}) raised {got}: {e}, expected {expected or 'a booking'}")
            return
        assert expected is None, f"book({driver}, {rider}, {start}, {end}, {amount}) returned booking {bid}, expected {expected}"
        assert bid not in self.model.bookings, f"book() returned booking id {bid}, which an earlier booking has"
        self.model.bookings[bid] = [driver, rider, start, end, "active", amount]
        self.model.balance[rider] -= amount

    @rule(pick=st.integers(0, 50), unknown=st.booleans())
    def cancel(self, pick, unknown):
        ids = sorted(self.model.bookings)
        bid = 1000 + pick if unknown or not ids else ids[pick % len(ids)]
        booking = self.model.bookings.get(bid)
        expected = ("UnknownBookingError" if booking is None else
                    "AlreadyCancelledError" if booking[4] == "cancelled" else None)
        try:
            self.service.cancel(bid)
        except ab.BookingError as e:
            assert type(e).__name__ == expected, f"cancel({bid}) raised {type(e).__name__}: {e}, expected {expected or 'success'}"
            return
        assert expected is None, f"cancel({bid}) succeeded, expected {expected}"
        booking[4] = "cancelled"
        self.model.balance[booking[1]] += booking[5]

    @invariant()
    def the_file_is_the_model(self):
        got, expected = gen.snapshot(self.db), self.model.file()
        assert got == expected, f"the file holds {got}, expected {expected}"
        assert gen.violations(self.db) == [], f"the file breaks the rules: {gen.violations(self.db)}"

    def teardown(self):
        self.service.close()


def test_stateful_bookings_and_cancellations_match_the_model(tmp_path):
    run_state_machine_as_test(lambda: BookingMachine(tmp_path),
                              settings=settings(max_examples=25, stateful_step_count=20, deadline=None))


# --- real processes --------------------------------------------------------------------------

def committed(lines):
    return {int(line.split()[1]) for line in lines if line.startswith("committed ")}


def test_two_processes_booking_the_same_slots_never_double_book(tmp_path):
    db = fresh(tmp_path, riders={1: 10**9, 2: 10**9}, down=())
    ab.Bookings(db).close()
    go = tmp_path / "go"
    plans = [[[1, rider, 10 * i, 10 * i + 10, 100] for i in range(RACE_SLOTS)] for rider in (1, 2)]
    with processes.start("storage.acid_bookings", "serve_bookings", db, plans[0], str(go)) as a, \
            processes.start("storage.acid_bookings", "serve_bookings", db, plans[1], str(go)) as b:
        for proc in (a, b):
            line = proc.readline(timeout=20)
            assert line == "ready", f"serve_bookings(db, plan, go_file) printed {line!r} first, expected 'ready' (given wait_for_go). Its stderr:\n{proc.stderr_tail()}"
        go.touch()  # both start booking now
        lines = {"a": a.lines(timeout=30), "b": b.lines(timeout=30)}
        status = {"a": a.wait(timeout=30), "b": b.wait(timeout=30)}
        logs = {"a": a.stderr_tail(), "b": b.stderr_tail()}
    assert status == {"a": 0, "b": 0}, f"the two racing services exited with {status}; their stderr: {logs}"
    problems = gen.violations(db)
    assert problems == [], f"two processes booked driver 1's {RACE_SLOTS} slots at once; the file breaks the rules: {problems}"
    won = committed(lines["a"]) | committed(lines["b"])
    in_file = gen.rows(db, "SELECT booking_id, start_min FROM bookings WHERE status = 'active' ORDER BY start_min")
    assert sorted(s for _, s in in_file) == [10 * i for i in range(RACE_SLOTS)] and won == {b for b, _ in in_file}, (
        f"each of the {RACE_SLOTS} slots must be booked exactly once, by one of the two: the file holds {in_file}, "
        f"the services printed commits {sorted(won)}")
    refused = sum(line.endswith("DriverBusyError") for proc_lines in lines.values() for line in proc_lines)
    assert refused == RACE_SLOTS, f"the loser of each slot must print 'refused <i> DriverBusyError': {refused} such lines, expected {RACE_SLOTS}"


def test_killed_at_random_points_keeps_every_commit_it_printed(tmp_path):
    riders = {1: 10**9, 2: 10**9, 3: 10**9, 4: 10**9, 5: 800, 6: 10**9}
    db = fresh(tmp_path, riders=riders, drivers={1: "Ana", 2: "Ben", 3: "Cy"}, down={6})
    ab.Bookings(db).close()
    rnd = random.Random(11)
    promised = set()
    for k in range(KILLS):
        plan = gen.random_plan(80, [1, 2, 3], list(riders), seed=k, first_start=10**6 * k)
        with processes.start("storage.acid_bookings", "serve_bookings", db, plan) as proc:
            lines = []
            for _ in range(rnd.randint(1, 6)):
                line = proc.readline(timeout=20)
                assert line is not None, f"serve_bookings stopped before it was killed. Its stderr:\n{proc.stderr_tail()}"
                lines.append(line)
            # Anywhere in the next booking or two: inside a transaction, or between two.
            end = time.perf_counter() + rnd.uniform(0, 0.003)
            while time.perf_counter() < end:
                pass
            proc.kill()
            lines += proc.lines(timeout=10)  # printed before the kill, still in the pipe
        promised |= committed(lines)
        problems = gen.violations(db)
        assert problems == [], f"after SIGKILL number {k + 1} (lines printed: {lines}) the file breaks the rules: {problems}"
        missing = promised - gen.booking_ids(db)
        assert not missing, (f"after SIGKILL number {k + 1} bookings {sorted(missing)} are missing from the file, "
                             f"yet the service printed 'committed' for them (its lines: {lines})")
    assert len(promised) >= KILLS, f"only {len(promised)} commits printed over {KILLS} runs"

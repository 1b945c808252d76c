"""Hidden tests for dataflow.through_services, against the tests' own HTTP services on 127.0.0.1:
every retryable and non-retryable status; full-jitter sleeps for many seeds, bases and caps
computed here with random.Random; the deadline across retries on a manual clock and on real
hung services; the breaker's state machine against a plain model (hypothesis stateful); the
one trial call of a half-open circuit; stale values and their exact ages; both services hung
at once (the fetches must run side by side); bytes on the wire against the protobuf library
and the json module; garbage bodies; every documented bad input."""
import json
import random
import time

import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st
from hypothesis.stateful import RuleBasedStateMachine, invariant, rule

from graders import kata, servers
from graders.datagen import through_services as gen

ts = kata("dataflow.through_services")

DRIVERS = "graders.datagen.through_services:serve_drivers"
RIDES = "graders.datagen.through_services:serve_rides"
URL = r"http://127\.0\.0\.1:\d+"
SLACK_S = 0.25  # on top of a deadline: a correctness bound that never flakes, not a speed threshold


@pytest.fixture(scope="module")
def running():
    with servers.start_python(DRIVERS) as drivers, servers.start_python(RIDES) as rides:
        yield drivers, rides


@pytest.fixture(scope="module")
def hung():
    """A driver service stopped (SIGSTOP) for the whole module: the kernel accepts connections, nothing answers."""
    with servers.start_python(DRIVERS) as server:
        server.pause()
        yield server


@pytest.fixture
def services(running):
    for server in running:
        gen.misbehave(server.url, reset=True)
    return running


def dead_url() -> str:
    return f"http://127.0.0.1:{servers.free_port()}"


def full_jitter(seed, base, cap, retries):
    rng = random.Random(seed)
    return [rng.uniform(0, min(cap, base * 2 ** n)) for n in range(retries)]


def seen(server) -> int:
    return len(gen.requests_seen(server.url))


# --- what is retried ---------------------------------------------------------------------------

@pytest.mark.parametrize("status", [502, 503, 504])
def test_retryable_statuses_are_retried(services, status):
    drivers, _ = services
    gen.misbehave(drivers.url, fail_next=2, fail_status=status)
    client = ts.Client(drivers.url, retries=2, base_delay_s=0.01, max_delay_s=0.01, clock=ts.ManualClock())
    got = client.get("/areas/soma/drivers")
    assert (got["status"], got["attempts"]) == (200, 3), (
        f"a service answering {status} twice, then 200: get() returned status {got['status']} after {got['attempts']} "
        "attempts, expected 200 after 3")
    assert seen(drivers) == 3, f"the service saw {seen(drivers)} requests, expected 3"


@pytest.mark.parametrize("status, error", [(400, "BadStatus"), (401, "BadStatus"), (403, "BadStatus"),
                                           (404, "NotFound"), (409, "BadStatus"), (429, "BadStatus"),
                                           (500, "BadStatus"), (501, "BadStatus"), (300, "BadStatus")])
def test_other_statuses_are_not_retried(services, status, error):
    drivers, _ = services
    gen.misbehave(drivers.url, fail_next=5, fail_status=status)
    client = ts.Client(drivers.url, retries=3, base_delay_s=0.01, max_delay_s=0.01, clock=ts.ManualClock())
    with pytest.raises(getattr(ts, error), match=rf"^GET {URL}/areas/soma/drivers answered {status}"):
        client.get("/areas/soma/drivers")
    assert seen(drivers) == 1, f"a {status} must not be retried, yet the service saw {seen(drivers)} requests"
    assert issubclass(ts.NotFound, ts.BadStatus) and issubclass(ts.BadStatus, ts.ServiceError)


def test_unknown_area_is_one_request_and_no_retry(services):
    drivers, _ = services
    client = ts.Client(drivers.url, retries=5, base_delay_s=0.01, max_delay_s=0.01, clock=ts.ManualClock())
    with pytest.raises(ts.NotFound, match=rf"^GET {URL}/areas/atlantis/drivers answered 404"):
        client.get("/areas/atlantis/drivers")
    assert seen(drivers) == 1, f"404 for an unknown area was retried: the service saw {seen(drivers)} requests"


def test_persistent_503_gives_up_after_the_retries(services):
    drivers, _ = services
    gen.misbehave(drivers.url, fail_next=100)
    for retries in (0, 1, 4):
        gen.misbehave(drivers.url, reset=True, fail_next=100)
        client = ts.Client(drivers.url, retries=retries, base_delay_s=0.01, max_delay_s=0.01, clock=ts.ManualClock())
        attempts = f"{retries + 1} attempt"
        with pytest.raises(ts.ServiceUnavailable, match=rf"^GET {URL}/areas/soma/drivers failed after {attempts}"):
            client.get("/areas/soma/drivers")
        assert seen(drivers) == retries + 1, f"retries={retries}: the service saw {seen(drivers)} requests, expected {retries + 1}"


def test_connection_refused_is_retried():
    clock = ts.ManualClock()
    client = ts.Client(dead_url(), retries=3, base_delay_s=0.01, max_delay_s=0.01, seed=3, clock=clock)
    with pytest.raises(ts.ServiceUnavailable, match=rf"^GET {URL}/areas/soma/drivers failed after 4 attempts"):
        client.get("/areas/soma/drivers")
    assert len(clock.sleeps) == 3, f"3 retries of a refused connection should sleep 3 times, slept {clock.sleeps}"


def test_client_defaults_are_3_retries_and_a_breaker_of_5():
    clock = ts.ManualClock()
    client = ts.Client(dead_url(), clock=clock)
    with pytest.raises(ts.ServiceUnavailable, match=rf"^GET {URL}/areas/soma/drivers failed after 4 attempts"):
        client.get("/areas/soma/drivers")
    assert len(clock.sleeps) == 3, f"Client() with the default retries=3 against a dead service slept {clock.sleeps}, expected 3 sleeps"
    assert all(0 <= s <= min(2.0, 0.1 * 2 ** n) for n, s in enumerate(clock.sleeps)), (
        f"Client() slept {clock.sleeps}: the defaults base_delay_s=0.1, max_delay_s=2.0 bound sleep n by min(2.0, 0.1 * 2 ** n)")
    for _ in range(4):
        with pytest.raises(ts.ServiceUnavailable):
            client.get("/areas/soma/drivers")
    with pytest.raises(ts.CircuitOpen):
        client.get("/areas/soma/drivers")  # the default failure_threshold=5: 5 failed calls open it


def test_timeouts_are_retried(services):
    drivers, _ = services
    gen.misbehave(drivers.url, delay_next=1, delay_s=0.6)
    client = ts.Client(drivers.url, timeout_s=0.12, retries=3, base_delay_s=0.0, max_delay_s=0.0)
    got = client.get("/areas/soma/drivers")
    assert got["attempts"] == 2, f"the first attempt timed out (0.12 s against a 0.6 s delay), the second answered: attempts is {got['attempts']}, expected 2"
    gen.misbehave(drivers.url, reset=True, delay_next=5, delay_s=0.5)
    client = ts.Client(drivers.url, timeout_s=0.05, retries=1, base_delay_s=0.0, max_delay_s=0.0)
    with pytest.raises(ts.ServiceUnavailable, match=rf"^GET {URL}/areas/soma/drivers failed after 2 attempts"):
        client.get("/areas/soma/drivers")


# --- backoff -----------------------------------------------------------------------------------

@settings(max_examples=60, deadline=None)
@given(seed=st.integers(0, 2**32), base=st.sampled_from([0.001, 0.01, 0.1, 0.5, 1.0, 3.0]),
       cap=st.sampled_from([0.0, 0.005, 0.05, 0.3, 1.0, 10.0, 1000.0]), retries=st.integers(0, 6))
@example(seed=0, base=0.1, cap=0.05, retries=4)     # the cap below the first step
@example(seed=1, base=0.1, cap=0.3, retries=6)      # capped from the third retry on
@example(seed=2, base=1.0, cap=1000.0, retries=6)   # never capped: 1, 2, 4, ... 32
@example(seed=5, base=0.5, cap=0.0, retries=3)      # no wait at all
def test_sleeps_are_full_jitter_of_the_capped_exponential(seed, base, cap, retries):
    clock = ts.ManualClock()
    client = ts.Client(dead_url(), retries=retries, base_delay_s=base, max_delay_s=cap, seed=seed, clock=clock)
    with pytest.raises(ts.ServiceUnavailable):
        client.get("/areas/soma/drivers")
    got, expected = clock.sleeps, full_jitter(seed, base, cap, retries)
    assert got == pytest.approx(expected, rel=1e-9, abs=1e-12), (
        f"Client(seed={seed}, base_delay_s={base}, max_delay_s={cap}, retries={retries}) slept {got} against a dead "
        f"service, expected {expected}: rng.uniform(0, min(max_delay_s, base_delay_s * 2 ** n)) before retry n")


def test_one_client_keeps_drawing_from_its_rng(services):
    drivers, _ = services
    clock = ts.ManualClock()
    client = ts.Client(drivers.url, retries=2, base_delay_s=0.2, max_delay_s=1.0, seed=11, clock=clock)
    gen.misbehave(drivers.url, fail_next=1)
    # Results used: the calls are made before the test tells the service what to do next.
    attempts = [client.get("/areas/soma/drivers")["attempts"], client.get("/areas/soma/drivers")["attempts"]]
    gen.misbehave(drivers.url, fail_next=2)
    attempts.append(client.get("/areas/soma/drivers")["attempts"])
    assert attempts == [2, 1, 3], f"attempts of the three calls: {attempts}, expected [2, 1, 3]"
    rng = random.Random(11)
    expected = [rng.uniform(0, 0.2), rng.uniform(0, 0.2), rng.uniform(0, 0.4)]
    assert clock.sleeps == pytest.approx(expected, rel=1e-9), (
        f"one client, seed 11: one retry, a clean call, then two retries slept {clock.sleeps}, expected {expected}")


def test_the_deadline_bounds_retries_and_sleeps_on_a_manual_clock():
    for seed in range(8):
        clock = ts.ManualClock()
        client = ts.Client(dead_url(), retries=10, base_delay_s=0.2, max_delay_s=0.8, seed=seed, clock=clock)
        with pytest.raises(ts.ServiceUnavailable, match=rf"^GET {URL}/areas/soma/drivers failed after"):
            client.get("/areas/soma/drivers", deadline_s=1.0)
        rng, t, expected = random.Random(seed), 0.0, []
        for n in range(10):
            delay = rng.uniform(0, min(0.8, 0.2 * 2 ** n))
            if t + delay >= 1.0:
                break
            expected.append(delay)
            t += delay
        assert clock.sleeps == pytest.approx(expected, rel=1e-9), (
            f"seed {seed}, deadline_s=1.0: the client slept {clock.sleeps}, expected {expected}: it stops when the "
            "next sleep would not end before the deadline")


def test_the_deadline_holds_across_retries_against_a_hung_service(hung):
    deadline = 0.25
    client = ts.Client(hung.url, timeout_s=0.15, retries=5, base_delay_s=0.01, max_delay_s=0.02)
    start = time.monotonic()
    with pytest.raises(ts.ServiceUnavailable, match=rf"^GET {URL}/areas/soma/drivers failed after"):
        client.get("/areas/soma/drivers", deadline_s=deadline)
    elapsed = time.monotonic() - start
    assert elapsed <= deadline + SLACK_S, (
        f"get(deadline_s={deadline}) with timeout_s=0.15 and 5 retries against a hung service took {elapsed:.3f} s")
    assert elapsed >= min(deadline, 0.15) * 0.8, f"get() gave up after {elapsed:.3f} s: the first attempt alone has 0.15 s"


# --- the breaker -------------------------------------------------------------------------------

def test_breaker_defaults_are_5_failures_and_10_seconds():
    clock = ts.ManualClock(0.0)
    breaker = ts.CircuitBreaker(clock=clock)
    for _ in range(4):
        breaker.before_call()
        breaker.record_failure()
    assert breaker.state() == "closed", f"CircuitBreaker(): 4 failures of the default threshold of 5, state() is {breaker.state()!r}"
    breaker.before_call()
    breaker.record_failure()
    assert breaker.state() == "open", f"CircuitBreaker(): 5 consecutive failures, state() is {breaker.state()!r}, expected 'open'"
    clock.advance(9.5)
    assert breaker.state() == "open", f"CircuitBreaker(): 9.5 s into the default 10 s cool-down state() is {breaker.state()!r}"
    clock.advance(0.5)
    assert breaker.state() == "half-open", f"CircuitBreaker(): 10 s after opening state() is {breaker.state()!r}, expected 'half-open'"


def test_a_threshold_of_one_opens_at_the_first_failure():
    clock = ts.ManualClock(0.0)
    breaker = ts.CircuitBreaker(failure_threshold=1, cooldown_s=1.0, clock=clock)
    assert breaker.before_call() is False and breaker.state() == "closed", "CircuitBreaker(failure_threshold=1) starts closed"
    breaker.record_failure()
    assert breaker.state() == "open", f"CircuitBreaker(failure_threshold=1) after one failure: state() is {breaker.state()!r}"


def test_breaker_boundaries():
    clock = ts.ManualClock(100.0)
    breaker = ts.CircuitBreaker(failure_threshold=3, cooldown_s=2.0, clock=clock)
    for _ in range(2):
        breaker.before_call()
        breaker.record_failure()
    assert breaker.state() == "closed", f"2 failures of a threshold of 3: state() is {breaker.state()!r}, expected 'closed'"
    breaker.before_call()
    breaker.record_success()
    for _ in range(2):
        breaker.before_call()
        breaker.record_failure()
    assert breaker.state() == "closed", ("failure, failure, success, failure, failure: only 2 consecutive failures, "
                                         f"state() is {breaker.state()!r}, expected 'closed'")
    breaker.before_call()
    breaker.record_failure()
    assert breaker.state() == "open", f"3 consecutive failures: state() is {breaker.state()!r}, expected 'open'"
    clock.advance(1.5)
    clock.advance(0.25)
    assert breaker.state() == "open", f"1.75 s into a 2 s cool-down state() is {breaker.state()!r}"
    with pytest.raises(ts.CircuitOpen, match=r"^circuit open"):
        breaker.before_call()
    clock.advance(0.25)
    assert breaker.state() == "half-open", f"exactly 2 s after opening state() is {breaker.state()!r}, expected 'half-open'"
    assert breaker.before_call() is True, "the first call once half-open is the trial: before_call() should return True"
    for _ in range(3):
        with pytest.raises(ts.CircuitOpen, match=r"^circuit open"):
            breaker.before_call()
    assert breaker.state() == "half-open", f"while the trial is out state() is {breaker.state()!r}, expected 'half-open'"
    breaker.record_failure()
    assert breaker.state() == "open", f"a failed trial must re-open at once (one failure, not 3): state() is {breaker.state()!r}"
    clock.advance(1.75)
    assert breaker.state() == "open", f"the cool-down starts again at the failed trial: 1.75 s later state() is {breaker.state()!r}"
    clock.advance(0.25)
    assert breaker.before_call() is True
    breaker.record_success()
    assert breaker.state() == "closed" and breaker.before_call() is False, f"after a good trial state() is {breaker.state()!r}"
    breaker.record_failure()
    breaker.before_call()
    breaker.record_failure()
    assert breaker.state() == "closed", f"a closed breaker counts from zero again: 2 failures, state() is {breaker.state()!r}"


class BreakerModel:
    def __init__(self, threshold, cooldown):
        self.threshold, self.cooldown = threshold, cooldown
        self.failures, self.opened_at, self.trial = 0, None, False

    def state(self, now):
        if self.opened_at is None:
            return "closed"
        return "half-open" if self.trial or now - self.opened_at >= self.cooldown else "open"

    def before_call(self, now):
        """None: refused; else whether it is the trial."""
        state = self.state(now)
        if state == "closed":
            return False
        if state == "half-open" and not self.trial:
            self.trial = True
            return True
        return None

    def success(self):
        self.failures, self.opened_at, self.trial = 0, None, False

    def failure(self, now):
        self.failures += 1
        if self.trial or self.failures >= self.threshold:
            self.opened_at, self.trial = now, False


class Breakers(RuleBasedStateMachine):
    """Calls that succeed or fail, and time that passes in quarter seconds (exact in binary)."""

    def __init__(self):
        super().__init__()
        self.threshold, self.cooldown = 2, 1.0
        self.clock = ts.ManualClock(0.0)
        self.now = 0.0
        self.breaker = ts.CircuitBreaker(failure_threshold=self.threshold, cooldown_s=self.cooldown, clock=self.clock)
        self.model = BreakerModel(self.threshold, self.cooldown)
        self.log = []

    @rule(succeeds=st.booleans())
    def call(self, succeeds):
        self.log.append(f"call {'ok' if succeeds else 'failing'} at t={self.now}")
        expected = self.model.before_call(self.now)
        try:
            got = self.breaker.before_call()
        except ts.CircuitOpen:
            got = None
        assert got == expected, (f"after {self.log}: before_call() gave {'CircuitOpen' if got is None else got}, expected "
                                 f"{'CircuitOpen' if expected is None else expected}")
        if expected is None:
            return
        if succeeds:
            self.model.success()
            self.breaker.record_success()
        else:
            self.model.failure(self.now)
            self.breaker.record_failure()

    @rule(quarters=st.integers(1, 6))
    def advance(self, quarters):
        self.log.append(f"advance {quarters * 0.25}")
        self.now += quarters * 0.25
        self.clock.advance(quarters * 0.25)

    @invariant()
    def same_state(self):
        got, expected = self.breaker.state(), self.model.state(self.now)
        assert got == expected, f"after {self.log}: state() is {got!r}, expected {expected!r}"


TestBreakers = Breakers.TestCase
TestBreakers.settings = settings(max_examples=30, stateful_step_count=20, deadline=None)


def test_client_trial_is_one_attempt_and_counts_calls_not_attempts(services):
    drivers, _ = services
    gen.misbehave(drivers.url, fail_next=100)
    clock = ts.ManualClock()
    client = ts.Client(drivers.url, retries=3, base_delay_s=0.0, max_delay_s=0.0, failure_threshold=2,
                       cooldown_s=30.0, clock=clock)  # no sleeps: the manual clock stays at exact values
    with pytest.raises(ts.ServiceUnavailable):
        client.get("/areas/soma/drivers")
    assert client.breaker_state() == "closed", (f"one failed call (4 attempts) with failure_threshold=2: breaker_state() is "
                                                f"{client.breaker_state()!r}, expected 'closed': the breaker counts calls")
    with pytest.raises(ts.ServiceUnavailable):
        client.get("/areas/soma/drivers")
    assert client.breaker_state() == "open" and seen(drivers) == 8, f"state {client.breaker_state()!r}, {seen(drivers)} requests"
    with pytest.raises(ts.CircuitOpen, match=rf"^GET {URL}/areas/soma/drivers: circuit open"):
        client.get("/areas/soma/drivers")
    assert seen(drivers) == 8, f"an open circuit reached the service: {seen(drivers)} requests, expected 8"
    clock.advance(30.0)
    assert client.breaker_state() == "half-open"
    with pytest.raises(ts.ServiceUnavailable, match=rf"^GET {URL}/areas/soma/drivers failed after 1 attempt"):
        client.get("/areas/soma/drivers")
    assert seen(drivers) == 9, f"the half-open trial is a single attempt, yet the service saw {seen(drivers) - 8} requests for it"
    assert client.breaker_state() == "open", f"after the failed trial breaker_state() is {client.breaker_state()!r}, expected 'open'"
    clock.advance(30.0)
    gen.misbehave(drivers.url, reset=True)
    got = client.get("/areas/soma/drivers")["attempts"]
    assert got == 1 and client.breaker_state() == "closed", f"a good trial: {got} attempts, state {client.breaker_state()!r}"


def test_answers_that_are_not_outages_reset_the_count(services):
    drivers, _ = services
    client = ts.Client(drivers.url, retries=0, failure_threshold=2, cooldown_s=30.0, clock=ts.ManualClock())
    for path, error in [("/areas/soma/drivers", ts.ServiceUnavailable), ("/areas/atlantis/drivers", ts.NotFound),
                        ("/areas/soma/drivers", ts.ServiceUnavailable)]:
        if error is ts.ServiceUnavailable:
            gen.misbehave(drivers.url, fail_next=1)
        with pytest.raises(error):
            client.get(path)
    got = client.breaker_state()
    assert got == "closed", f"503, 404, 503 with failure_threshold=2: the 404 is the service answering, state is {got!r}, expected 'closed'"
    gen.misbehave(drivers.url, fail_next=1)
    with pytest.raises(ts.ServiceUnavailable):
        client.get("/areas/soma/drivers")
    assert client.breaker_state() == "open", f"then one more 503: state is {client.breaker_state()!r}, expected 'open'"


# --- the price service -------------------------------------------------------------------------

@pytest.mark.parametrize("accept", ["application/json", "application/x-protobuf"])
def test_quotes_for_every_area(services, accept):
    drivers, rides = services
    prices = ts.PriceService(drivers.url, rides.url, deadline_s=1.0, accept=accept)
    for area, surge, price in [("soma", 1.5, 12.0), ("mission", 3.0, 24.0), ("quiet", 1.0, 8.0), ("empty", 3.0, 24.0)]:
        got = prices.quote(area)
        expected = {"area": area, "surge": surge, "price": price,
                    "drivers": {"value": len(gen.FLEET[area]), "fresh": True, "age_s": 0.0},
                    "rides": {"value": gen.RIDES[area], "fresh": True, "age_s": 0.0}}
        assert got == expected, f"quote({area!r}) ({accept}) returned {got}, expected {expected}"
    accepts = {r["accept"] for r in gen.requests_seen(drivers.url) + gen.requests_seen(rides.url)}
    assert accepts == {accept}, f"PriceService(accept={accept!r}) sent Accept headers {accepts}"
    prices.close()


def test_stale_values_carry_their_exact_age(services):
    drivers, rides = services
    clock = ts.ManualClock(1000.0)
    prices = ts.PriceService(drivers.url, rides.url, deadline_s=1.0, retries=0, clock=clock)
    fresh = [prices.quote("soma")["drivers"]["fresh"], prices.quote("mission")["drivers"]["fresh"]]
    assert fresh == [True, True], f"quotes with both services up: drivers fresh {fresh}"
    clock.advance(12.5)
    gen.misbehave(drivers.url, fail_next=1)
    got = prices.quote("soma")
    assert got["drivers"] == {"value": 4, "fresh": False, "age_s": 12.5}, (
        f"12.5 s after a good quote the driver service fails: quote('soma')['drivers'] is {got['drivers']}, "
        "expected {'value': 4, 'fresh': False, 'age_s': 12.5}")
    assert got["rides"] == {"value": 6, "fresh": True, "age_s": 0.0} and got["price"] == 12.0, f"quote('soma') is {got}"
    clock.advance(2.5)
    gen.misbehave(drivers.url, fail_next=1, fail_status=500)
    gen.misbehave(rides.url, fail_next=1, fail_status=503)
    got = prices.quote("soma")
    expected = {"area": "soma", "surge": 1.5, "price": 12.0, "drivers": {"value": 4, "fresh": False, "age_s": 15.0},
                "rides": {"value": 6, "fresh": False, "age_s": 2.5}}
    assert got == expected, f"both fetches failing 2.5 s later: quote('soma') is {got}, expected {expected}"
    got = prices.quote("mission")
    assert got["drivers"] == {"value": 2, "fresh": True, "age_s": 0.0}, f"the services recovered: quote('mission') is {got}"
    clock.advance(1.0)
    gen.misbehave(drivers.url, garbage_next=1)
    got = prices.quote("soma")["drivers"]
    assert got == {"value": 4, "fresh": False, "age_s": 16.0}, f"a garbage body is a failed fetch: quote('soma')['drivers'] is {got}"
    gen.misbehave(drivers.url, fail_next=1)
    with pytest.raises(ts.NoDataError, match=r"^no drivers value for 'quiet'"):
        prices.quote("quiet")  # last values are per area
    prices.close()


def test_both_services_stalled_still_answer_within_the_deadline(services):
    drivers, rides = services
    prices = ts.PriceService(drivers.url, rides.url, deadline_s=0.3)
    first = prices.quote("soma")
    assert first["drivers"]["fresh"] and first["rides"]["fresh"], f"quote('soma') with both services up: {first}"
    for server in services:  # each answers only after 2 s from now on
        gen.misbehave(server.url, delay_next=100, delay_s=2.0)
    start = time.monotonic()
    got = prices.quote("soma")
    elapsed = time.monotonic() - start
    prices.close()
    assert elapsed <= 0.3 + SLACK_S, (f"quote('soma') with both services stalled took {elapsed:.3f} s, deadline_s=0.3: "
                                      "the two fetches must run side by side, each within the deadline")
    assert (got["drivers"]["fresh"], got["rides"]["fresh"]) == (False, False), f"quote('soma') is {got}"
    assert (got["drivers"]["value"], got["rides"]["value"], got["price"]) == (4, 6, 12.0), f"quote('soma') is {got}"


def test_a_killed_service_and_a_hung_one_from_the_start(services, hung):
    drivers, rides = services
    with servers.start_python(DRIVERS) as doomed:
        prices = ts.PriceService(doomed.url, rides.url, deadline_s=0.3, retries=3)
        first = prices.quote("mission")["drivers"]
        assert first == {"value": 2, "fresh": True, "age_s": 0.0}, f"quote('mission') with both services up: {first}"
        doomed.kill()
        start = time.monotonic()
        got = prices.quote("mission")
        elapsed = time.monotonic() - start
        assert elapsed <= 0.3 + SLACK_S, f"quote('mission') with the driver service killed took {elapsed:.3f} s"
        assert got["drivers"]["fresh"] is False and got["drivers"]["value"] == 2, f"quote('mission') is {got}"
        prices.close()
    prices = ts.PriceService(dead_url(), rides.url, deadline_s=0.25, retries=5)
    start = time.monotonic()
    with pytest.raises(ts.NoDataError, match=r"^no drivers value for 'mission'"):
        prices.quote("mission")
    elapsed = time.monotonic() - start
    prices.close()
    assert elapsed <= 0.25 + SLACK_S, f"quote('mission') with the driver service dead from the start took {elapsed:.3f} s"
    prices = ts.PriceService(drivers.url, hung.url, deadline_s=0.25)  # a hung service as the ride service
    start = time.monotonic()
    with pytest.raises(ts.NoDataError, match=r"^no rides value for 'soma'"):
        prices.quote("soma")
    elapsed = time.monotonic() - start
    prices.close()
    assert elapsed <= 0.25 + SLACK_S, f"quote('soma') with the ride service hung from the start took {elapsed:.3f} s"


def test_unknown_area_is_not_an_outage(services):
    drivers, rides = services
    prices = ts.PriceService(drivers.url, rides.url, deadline_s=0.5)
    with pytest.raises(ts.UnknownArea, match=r"^no area 'atlantis'"):
        prices.quote("atlantis")
    got = [r["path"] for r in gen.requests_seen(drivers.url)]
    assert got == ["/areas/atlantis/drivers"], f"quote('atlantis') sent {got} to the driver service: a 404 is not retried"
    prices.close()


# --- bytes on the wire -------------------------------------------------------------------------

drivers_lists = st.lists(st.fixed_dictionaries({"driver_id": st.integers(0, 2**63 - 1), "seats": st.integers(0, 2**31 - 1),
                                                "idle_s": st.integers(0, 2**31 - 1)}), max_size=12)
areas = st.from_regex(r"[a-z0-9_-]{1,40}", fullmatch=True)


@settings(max_examples=40, deadline=None)
@given(area=areas, drivers=drivers_lists)
@example(area="soma", drivers=gen.FLEET["soma"])
@example(area="x", drivers=[])
@example(area="a" * 40, drivers=[{"driver_id": 0, "seats": 0, "idle_s": 0}, {"driver_id": 2**63 - 1, "seats": 2**31 - 1, "idle_s": 1}])
def test_encode_and_decode_against_the_libraries(area, drivers):
    pb = gen.message_classes()
    in_order = [{"driver_id": d["driver_id"], "seats": d["seats"], "idle_s": d["idle_s"]} for d in drivers]
    as_json = json.dumps({"area": area, "drivers": in_order}, separators=(",", ":")).encode()
    as_protobuf = pb["DriverList"](area=area, drivers=[pb["Driver"](**d) for d in drivers]).SerializeToString()
    for content_type, expected in [("application/json", as_json), ("application/x-protobuf", as_protobuf)]:
        got = ts.encode_drivers(area, drivers, content_type)
        assert got == expected, f"encode_drivers({area!r}, {drivers}, {content_type!r}) returned {got!r}, expected {expected!r}"
        back = ts.decode_drivers(expected, content_type, "http://127.0.0.1:1/areas/x/drivers")
        assert back == drivers, f"decode_drivers of {expected!r} ({content_type}) returned {back}, expected {drivers}"
    if drivers:
        assert len(as_protobuf) < len(as_json)


def test_sizes_seen_by_the_client_for_every_area(services):
    drivers, _ = services
    pb = gen.message_classes()
    client = ts.Client(drivers.url)
    for area, fleet in gen.FLEET.items():
        sizes = {"application/json": len(json.dumps({"area": area, "drivers": fleet}, separators=(",", ":"))),
                 "application/x-protobuf": pb["DriverList"](area=area, drivers=[pb["Driver"](**d) for d in fleet]).ByteSize()}
        for accept, size in sizes.items():
            answer = client.get(f"/areas/{area}/drivers", accept=accept)
            assert (answer["content_type"], len(answer["body"])) == (accept, size), (
                f"get('/areas/{area}/drivers', accept={accept!r}) returned {answer['content_type']!r}, "
                f"{len(answer['body'])} bytes; expected {accept!r}, {size} bytes")


def test_rides_decode_both_ways(services):
    _, rides = services
    client = ts.Client(rides.url)
    for accept in ("application/json", "application/x-protobuf"):
        answer = client.get("/areas/mission/rides", accept=accept)
        got = ts.decode_rides(answer["body"], answer["content_type"], rides.url)
        assert got == 9, f"decode_rides of mission's {accept} body returned {got!r}, expected 9"
    got = ts.decode_rides(b"", "application/x-protobuf", rides.url)
    assert got == 0, f"an empty RideDemand message is requested = 0: decode_rides returned {got!r}"


@pytest.mark.parametrize("body, content_type", [
    (b'{"area": "soma", "drivers": [{"driver_id', "application/json"),
    (b"<html>502 Bad Gateway</html>", "application/json"),
    (b"\xff\xfe{}", "application/json"),
    (b'{"area": "soma", "drivers": "none"}', "application/json"),
    (b'{"area": "soma", "drivers": [{"driver_id": "1042", "seats": 4, "idle_s": 35}]}', "application/json"),
    (b'{"area": "soma", "drivers": [{"driver_id": true, "seats": 4, "idle_s": 35}]}', "application/json"),
    (b'["soma"]', "application/json"),
    (b"\x12\x05\x08", "application/x-protobuf"),
    (b"\xff\xff\xff", "application/x-protobuf"),
    (b'{"area":"soma","drivers":[]}', "text/html"),
])
def test_garbage_is_bad_response_naming_the_url(body, content_type):
    url = "http://127.0.0.1:8001/areas/soma/drivers"
    with pytest.raises(ts.BadResponse, match=r"^GET http://127\.0\.0\.1:8001/areas/soma/drivers: malformed response"):
        ts.decode_drivers(body, content_type, url)


@pytest.mark.parametrize("body, content_type", [
    (b'{"area": "soma"}', "application/json"), (b'{"requested": -1}', "application/json"),
    (b'{"requested": 2.5}', "application/json"), (b"nope", "application/json"), (b"\x10", "application/x-protobuf"),
])
def test_garbage_rides_is_bad_response(body, content_type):
    with pytest.raises(ts.BadResponse, match=r"^GET http://127\.0\.0\.1:8002/areas/soma/rides: malformed response"):
        ts.decode_rides(body, content_type, "http://127.0.0.1:8002/areas/soma/rides")


def test_garbage_from_the_service_through_the_client(services):
    drivers, _ = services
    client = ts.Client(drivers.url, retries=3)
    for accept, garbage in [("application/json", None), ("application/x-protobuf", None), ("application/json", "<html>")]:
        gen.misbehave(drivers.url, reset=True, garbage_next=1, garbage=garbage)
        answer = client.get("/areas/soma/drivers", accept=accept)
        assert answer["attempts"] == 1, f"a 200 with a bad body is not retried by get(): {answer['attempts']} attempts"
        with pytest.raises(ts.BadResponse, match=rf"^GET {URL}/areas/soma/drivers: malformed response"):
            ts.decode_drivers(answer["body"], answer["content_type"], drivers.url + "/areas/soma/drivers")


# --- bad input ---------------------------------------------------------------------------------

def test_bad_input_is_refused_before_anything_is_sent(services):
    drivers, rides = services
    u = drivers.url
    cases = [
        (lambda: ts.Client(u, timeout_s=0), r"^timeout_s must be a positive number of seconds, got 0"),
        (lambda: ts.Client(u, timeout_s=-0.5), r"^timeout_s must be a positive number of seconds, got -0.5"),
        (lambda: ts.Client(u, timeout_s="1"), r"^timeout_s must be a positive number of seconds, got '1'"),
        (lambda: ts.Client(u, retries=-1), r"^retries must be an int >= 0, got -1"),
        (lambda: ts.Client(u, retries=1.5), r"^retries must be an int >= 0, got 1.5"),
        (lambda: ts.Client(u, base_delay_s=-1, max_delay_s=2), r"^base_delay_s and max_delay_s must be numbers >= 0, got -1 and 2"),
        (lambda: ts.Client(u, max_delay_s=-0.1), r"^base_delay_s and max_delay_s must be numbers >= 0, got 0.1 and -0.1"),
        (lambda: ts.Client(u, failure_threshold=0), r"^failure_threshold must be an int >= 1, got 0"),
        (lambda: ts.Client(u, cooldown_s=0), r"^cooldown_s must be a positive number of seconds, got 0"),
        (lambda: ts.Client("ftp://x"), r"^base_url must be http://host:port, got 'ftp://x'"),
        (lambda: ts.Client("127.0.0.1:80"), r"^base_url must be http://host:port, got '127.0.0.1:80'"),
        (lambda: ts.Client(u).get("areas/soma/drivers"), r"^path must start with '/', got 'areas/soma/drivers'"),
        (lambda: ts.Client(u).get("/areas/soma/drivers", deadline_s=0), r"^deadline_s must be a positive number of seconds, got 0"),
        (lambda: ts.Client(u).get("/areas/soma/drivers", deadline_s=-1), r"^deadline_s must be a positive number of seconds, got -1"),
        (lambda: ts.CircuitBreaker(failure_threshold=1.0), r"^failure_threshold must be an int >= 1, got 1.0"),
        (lambda: ts.CircuitBreaker(cooldown_s=-2), r"^cooldown_s must be a positive number of seconds, got -2"),
        (lambda: ts.PriceService(u, rides.url, deadline_s=0), r"^deadline_s must be a positive number of seconds, got 0"),
        (lambda: ts.PriceService(u, rides.url, deadline_s=-0.3), r"^deadline_s must be a positive number of seconds, got -0.3"),
        (lambda: ts.PriceService(u, rides.url).quote("Soma Hills"), r"^area must be 1-40 characters of a-z, 0-9, _ and -, got 'Soma Hills'"),
        (lambda: ts.PriceService(u, rides.url).quote("a" * 41), r"^area must be 1-40 characters"),
        (lambda: ts.PriceService(u, rides.url).quote("../rides"), r"^area must be 1-40 characters"),
        (lambda: ts.encode_drivers("soma", [{"driver_id": 1}]), r"^drivers must be a list of \{driver_id, seats, idle_s\} ints"),
        (lambda: ts.encode_drivers("soma", [{"driver_id": 1.0, "seats": 4, "idle_s": 0}]), r"^drivers must be a list of"),
        (lambda: ts.encode_drivers("soma", [], "text/csv"), r"^content_type must be 'application/json' or 'application/x-protobuf', got 'text/csv'"),
    ]
    for call, message in cases:
        with pytest.raises(ValueError, match=message):
            call()
    assert seen(drivers) == 0 and seen(rides) == 0, "a refused call reached a service"

"""Visible tests for dataflow.through_services. Run: pytest exercises/dataflow/test_through_services.py

The driver and ride services are real HTTP servers on 127.0.0.1 (graders/datagen/through_services.py),
told to fail, stall or send garbage; a hang is SIGSTOP, a dead service a port nobody listens on."""
import json
import random
import time

import pytest

from graders import kata, servers
from graders.datagen import through_services as gen

ts = kata("dataflow.through_services")

DRIVERS = "graders.datagen.through_services:serve_drivers"
RIDES = "graders.datagen.through_services:serve_rides"
URL = r"http://127\.0\.0\.1:\d+"
SLACK_S = 0.25  # a correctness bound on top of the deadline, not a speed threshold


@pytest.fixture(scope="module")
def running():
    with servers.start_python(DRIVERS) as drivers, servers.start_python(RIDES) as rides:
        yield drivers, rides


@pytest.fixture
def services(running):
    """The two services, behaving, their request logs emptied."""
    for server in running:
        gen.misbehave(server.url, reset=True)
    return running


def test_statement_example(services):
    drivers, rides = services
    prices = ts.PriceService(drivers.url, rides.url, deadline_s=0.3)
    got = prices.quote("soma")
    expected = {"area": "soma", "surge": 1.5, "price": 12.0,
                "drivers": {"value": 4, "fresh": True, "age_s": 0.0},
                "rides": {"value": 6, "fresh": True, "age_s": 0.0}}
    assert got == expected, f"quote('soma') with 4 drivers and 6 rides requested returned {got}, expected {expected}"
    got = prices.quote("mission")["price"]
    assert got == 24.0, f"quote('mission') (2 drivers, 9 rides: surge 4.5, capped at 3.0) priced {got}, expected 24.0"
    prices.close()


def test_backoff_sleeps_follow_full_jitter_with_the_seeded_rng(services):
    drivers, _ = services
    gen.misbehave(drivers.url, fail_next=3)  # 503, 503, 503, then the answer
    clock = ts.ManualClock()
    client = ts.Client(drivers.url, timeout_s=1.0, retries=4, base_delay_s=0.1, max_delay_s=0.25, seed=7, clock=clock)
    got = client.get("/areas/soma/drivers")
    assert (got["status"], got["attempts"]) == (200, 4), (
        f"get('/areas/soma/drivers') from a service failing 3 times with 503 returned status {got['status']} after "
        f"{got['attempts']} attempts, expected 200 after 4")
    rng = random.Random(7)
    expected = [rng.uniform(0, min(0.25, 0.1 * 2 ** n)) for n in range(3)]
    got = clock.sleeps
    assert got == pytest.approx(expected, rel=1e-9), (
        f"the client slept {got} before its 3 retries, expected {expected}: retry n sleeps "
        "rng.uniform(0, min(max_delay_s, base_delay_s * 2 ** n)) with rng = random.Random(seed)")
    seen = len(gen.requests_seen(drivers.url))
    assert seen == 4, f"the service saw {seen} requests, expected 4"


def test_only_what_is_safe_to_retry_is_retried(services):
    drivers, _ = services
    client = ts.Client(drivers.url, retries=3, base_delay_s=0.01, max_delay_s=0.01, seed=1, clock=ts.ManualClock())
    with pytest.raises(ts.NotFound, match=rf"^GET {URL}/areas/atlantis/drivers answered 404"):
        client.get("/areas/atlantis/drivers")
    seen = len(gen.requests_seen(drivers.url))
    assert seen == 1, f"a 404 is not worth retrying (the area will not exist on a second try), yet the service saw {seen} requests"
    gen.misbehave(drivers.url, reset=True, fail_next=100)  # 503 from now on
    with pytest.raises(ts.ServiceUnavailable, match=rf"^GET {URL}/areas/soma/drivers failed after 4 attempts"):
        client.get("/areas/soma/drivers")
    seen = len(gen.requests_seen(drivers.url))
    assert seen == 4, f"with retries=3 and a service answering 503 every time, the service saw {seen} requests, expected 4"


def test_a_timeout_is_retried(services):
    drivers, _ = services
    gen.misbehave(drivers.url, delay_next=1, delay_s=0.4)  # the first answer comes too late
    client = ts.Client(drivers.url, timeout_s=0.1, retries=2, base_delay_s=0.0, max_delay_s=0.0)
    got = client.get("/areas/soma/drivers")["attempts"]
    assert got == 2, f"the first attempt timed out after 0.1 s, the second was answered: get() reports {got} attempts, expected 2"


def test_breaker_opens_half_opens_and_closes():
    clock = ts.ManualClock()
    breaker = ts.CircuitBreaker(failure_threshold=2, cooldown_s=5.0, clock=clock)
    for _ in range(2):
        assert breaker.before_call() is False, "a closed breaker's before_call() should return False (not a trial)"
        breaker.record_failure()
    got = breaker.state()
    assert got == "open", f"after 2 consecutive failures (failure_threshold=2) state() is {got!r}, expected 'open'"
    with pytest.raises(ts.CircuitOpen, match=r"^circuit open"):
        breaker.before_call()
    clock.advance(4.75)
    assert breaker.state() == "open", f"4.75 s into a 5 s cool-down state() is {breaker.state()!r}, expected 'open'"
    clock.advance(0.25)
    assert breaker.state() == "half-open", f"5 s after opening (cooldown_s=5) state() is {breaker.state()!r}, expected 'half-open'"
    assert breaker.before_call() is True, "the first call once half-open is the trial: before_call() should return True"
    with pytest.raises(ts.CircuitOpen, match=r"^circuit open"):
        breaker.before_call()  # one trial at a time
    breaker.record_failure()
    assert breaker.state() == "open", f"after a failed trial state() is {breaker.state()!r}, expected 'open' again"
    clock.advance(5.0)
    breaker.before_call()
    breaker.record_success()
    assert breaker.state() == "closed", f"after a trial that succeeded state() is {breaker.state()!r}, expected 'closed'"


def test_an_open_circuit_fails_fast_without_touching_the_network(services):
    drivers, _ = services
    gen.misbehave(drivers.url, fail_next=100)
    client = ts.Client(drivers.url, retries=0, failure_threshold=2, cooldown_s=60.0, clock=ts.ManualClock())
    for _ in range(2):
        with pytest.raises(ts.ServiceUnavailable):
            client.get("/areas/soma/drivers")
    with pytest.raises(ts.CircuitOpen, match=rf"^GET {URL}/areas/soma/drivers: circuit open"):
        client.get("/areas/soma/drivers")
    seen = len(gen.requests_seen(drivers.url))
    assert seen == 2, f"2 failed calls opened the circuit, the third must not reach the service: it saw {seen} requests, expected 2"


def test_a_hung_driver_service_costs_no_more_than_the_deadline(services):
    _, rides = services
    with servers.start_python(DRIVERS) as drivers:
        prices = ts.PriceService(drivers.url, rides.url, deadline_s=0.25)
        first = prices.quote("soma")["drivers"]["fresh"]
        assert first is True, "quote('soma') with both services up should have fresh drivers"
        drivers.pause()  # SIGSTOP: connections are accepted, nothing answers
        start = time.monotonic()
        got = prices.quote("soma")
        elapsed = time.monotonic() - start
        prices.close()
    assert elapsed <= 0.25 + SLACK_S, f"quote('soma') with the driver service hung took {elapsed:.3f} s, deadline_s=0.25"
    assert got["drivers"]["fresh"] is False and got["drivers"]["value"] == 4, (
        f"with the driver service hung, quote('soma')['drivers'] is {got['drivers']}, expected the last value 4, fresh False")
    assert 0 < got["drivers"]["age_s"] < 5, f"the stale value's age_s is {got['drivers']['age_s']}, expected the seconds since it was fetched"
    assert got["rides"] == {"value": 6, "fresh": True, "age_s": 0.0}, f"the ride service still answers: rides is {got['rides']}"
    assert got["price"] == 12.0, f"the price from the last known 4 drivers and 6 fresh rides is {got['price']}, expected 12.0"


def test_no_last_value_is_an_error_within_the_deadline(services):
    _, rides = services
    dead = f"http://127.0.0.1:{servers.free_port()}"  # nothing listens: connection refused
    prices = ts.PriceService(dead, rides.url, deadline_s=0.3)
    start = time.monotonic()
    with pytest.raises(ts.NoDataError, match=r"^no drivers value for 'soma'"):
        prices.quote("soma")
    elapsed = time.monotonic() - start
    assert elapsed <= 0.3 + SLACK_S, f"quote('soma') with the driver service dead took {elapsed:.3f} s, deadline_s=0.3"
    prices.close()


def test_bytes_on_the_wire_json_against_protobuf(services):
    drivers, _ = services
    fleet = gen.FLEET["soma"]
    as_json = json.dumps({"area": "soma", "drivers": fleet}, separators=(",", ":")).encode()
    pb = gen.message_classes()
    as_protobuf = pb["DriverList"](area="soma", drivers=[pb["Driver"](**d) for d in fleet]).SerializeToString()
    assert (len(as_json), len(as_protobuf)) == (192, 43)
    for content_type, expected in [(ts.JSON, as_json), (ts.PROTOBUF, as_protobuf)]:
        got = ts.encode_drivers("soma", fleet, content_type)
        assert got == expected, f"encode_drivers('soma', <4 drivers>, {content_type!r}) returned {got!r}, expected {expected!r}"
        answer = ts.Client(drivers.url).get("/areas/soma/drivers", accept=content_type)
        assert (answer["content_type"], len(answer["body"])) == (content_type, len(expected)), (
            f"get(..., accept={content_type!r}) returned {answer['content_type']!r}, {len(answer['body'])} bytes; "
            f"expected {content_type!r}, {len(expected)} bytes")
        got = ts.decode_drivers(answer["body"], content_type, drivers.url)
        assert got == fleet, f"decode_drivers of the {content_type} body returned {got}, expected {fleet}"


def test_bad_input_and_garbage(services):
    drivers, _ = services
    cases = [(lambda: ts.Client(drivers.url, timeout_s=0), r"^timeout_s must be a positive number of seconds, got 0"),
             (lambda: ts.Client(drivers.url, retries=-1), r"^retries must be an int >= 0, got -1"),
             (lambda: ts.Client("ftp://x"), r"^base_url must be http://host:port, got 'ftp://x'"),
             (lambda: ts.CircuitBreaker(failure_threshold=0), r"^failure_threshold must be an int >= 1, got 0"),
             (lambda: ts.PriceService(drivers.url, drivers.url, deadline_s=0), r"^deadline_s must be a positive number of seconds, got 0"),
             (lambda: ts.encode_drivers("Soma Hills", []), r"^area must be 1-40 characters of a-z, 0-9, _ and -, got 'Soma Hills'")]
    for call, message in cases:
        with pytest.raises(ValueError, match=message):
            call()
    gen.misbehave(drivers.url, garbage_next=1)
    answer = ts.Client(drivers.url).get("/areas/soma/drivers")
    url = drivers.url + "/areas/soma/drivers"
    with pytest.raises(ts.BadResponse, match=rf"^GET {URL}/areas/soma/drivers: malformed response"):
        ts.decode_drivers(answer["body"], answer["content_type"], url)

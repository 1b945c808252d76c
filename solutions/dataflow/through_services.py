"""Dataflow through services: a price service that keeps answering when a service it asks dies.

The deck's second mode of dataflow: "Each Process is viewed as a service to one-another. If
Process A wants some data from Process B, Process A sends a request to Process B for what it
wants." The book's example is a price-optimization service that needs the drivers available
in an area (from the driver management service) and the rides requested there (from the ride
management service). The catch the deck names: "A dead/failed process in production could
lead to all dependent processes down". Build the client side over real HTTP, with the
standard library only (http.client or urllib.request; no requests), so that a dead or hung
service slows nothing down past a deadline and takes nothing down with it.

    GET /areas/soma/drivers  -> {"area":"soma","drivers":[{"driver_id":1042,"seats":4,"idle_s":35},...]}
    GET /areas/soma/rides    -> {"area":"soma","requested":6}
    (or the same as Protobuf messages DriverList / RideDemand with Accept: application/x-protobuf)

    >>> prices = PriceService("http://127.0.0.1:8001", "http://127.0.0.1:8002", deadline_s=0.3)
    >>> prices.quote("soma")            # 4 drivers, 6 rides requested: surge 6 / 4 = 1.5
    {'area': 'soma', 'surge': 1.5, 'price': 12.0,
     'drivers': {'value': 4, 'fresh': True, 'age_s': 0.0},
     'rides': {'value': 6, 'fresh': True, 'age_s': 0.0}}
    >>> # ... the driver service hangs (SIGSTOP); 20 s later:
    >>> prices.quote("soma")            # answered within 0.3 s, from the last known value
    {'area': 'soma', 'surge': 1.5, 'price': 12.0,
     'drivers': {'value': 4, 'fresh': False, 'age_s': 20.3},
     'rides': {'value': 6, 'fresh': True, 'age_s': 0.0}}

Rules.
- Client(base_url, timeout_s, retries, base_delay_s, max_delay_s, failure_threshold,
  cooldown_s, seed, clock).get(path, accept, deadline_s) makes GET requests, one connection
  per attempt, each attempt bounded by timeout_s, and returns {"status", "content_type"
  (without parameters), "body" (bytes), "attempts"} for a 2xx answer.
- Retry only what is safe to retry: a GET that could not connect (connection refused or
  reset), timed out, or was answered 502, 503 or 504. Never a 4xx (the request is wrong, and
  will be wrong again): 404 raises NotFound, any other status BadStatus, at once. At most
  `retries` retries (retries + 1 attempts), then ServiceUnavailable.
- Time and chance are injected so the tests are exact and fast: clock is any object with
  now() and sleep(seconds), SystemClock() (time.monotonic, time.sleep) when None; the tests
  pass a ManualClock, whose sleep only records the wait and moves its time on. The jitter
  comes from random.Random(seed). Never call time.sleep or the random module directly.
- Backoff with full jitter: before retry n (n = 0 for the first retry) sleep
  rng.uniform(0, min(max_delay_s, base_delay_s * 2 ** n)), one draw of the client's
  random.Random(seed) per retry and none otherwise, through clock.sleep. Exponential, so a
  struggling service gets room; capped, so no wait is absurd; random, so a thousand clients
  that failed at the same moment do not all come back at the same moment.
- The deadline: with deadline_s, the whole call (attempts and sleeps, measured with
  clock.now()) ends within it: each attempt's timeout is min(timeout_s, what is left); when
  nothing is left, or the next sleep would not end before the deadline, stop and raise
  ServiceUnavailable.
- Circuit breaker (CircuitBreaker, one per Client; clock.now() for time): closed; after
  failure_threshold consecutive failed calls it opens, and calls fail fast with CircuitOpen
  without touching the network; cooldown_s after it opened it is half-open: the next call
  is a single trial attempt (no retries) and any other call meanwhile fails fast; a trial
  that succeeds closes it, one that fails opens it again for another cooldown_s. A failed
  call is one that raised ServiceUnavailable; any answer that is not 502/503/504 (2xx, 404,
  a malformed body) is the service working, and resets the count of consecutive failures.
- decode_drivers / decode_rides turn a body into data by its content type; anything that is
  not the message (garbage, cut short, wrong shape, unknown content type) raises BadResponse
  naming the URL, never a bare JSONDecodeError or DecodeError. encode_drivers is the
  service's side: compact JSON (json.dumps(..., separators=(",", ":")), keys in the order
  shown) or DriverList.SerializeToString().
- PriceService(drivers_url, rides_url, deadline_s, ...).quote(area) asks both services at once
  (a thread each: concurrent.futures) with the deadline, and prices with the given
  surge_price(drivers available, rides requested). An input fetched now is fresh, age_s 0.0;
  when its fetch fails (ServiceUnavailable, CircuitOpen, BadStatus, BadResponse) the last
  value fetched for that area is used, fresh False, age_s = the time (clock.now()) between the
  quote that fetched it and this one, each taken once both fetches are done. With no last
  value, NoDataError, also within the deadline.
  NotFound from either service is UnknownArea (an answer, not an outage: no stale value).

Bytes on the wire: soma's 4 drivers take 192 bytes as JSON and 43 as Protobuf. JSON repeats
every field name in every object ("driver_id", "seats", "idle_s": 26 bytes of names a
driver) and writes numbers as text (1042 is 4 characters); Protobuf writes a one-byte tag
(field number << 3 | wire type) instead of a name, and numbers as varints: 7 bits a byte, so
1042 takes 2 bytes, 4 takes 1, and a small message costs a tag and a length.

Bad input raises ValueError before anything is sent: "timeout_s must be a positive number of
seconds, got 0" (likewise deadline_s and cooldown_s), "retries must be an int >= 0, got -1",
"base_delay_s and max_delay_s must be numbers >= 0, got -1 and 2", "failure_threshold must be an
int >= 1, got 0", "base_url must be http://host:port, got 'ftp://x'", "path must start with
'/', got 'areas'", "area must be 1-40 characters of a-z, 0-9, _ and -, got 'Soma Hills'",
"drivers must be a list of {driver_id, seats, idle_s} ints, got ...", "content_type must be
'application/json' or 'application/x-protobuf', got 'text/csv'". A service's failures raise
the errors above, each message starting "GET <url>": ServiceUnavailable("GET <url> failed
after 4 attempts: 503 Service Unavailable"), CircuitOpen("GET <url>: circuit open"),
NotFound("GET <url> answered 404 Not Found"), BadStatus("GET <url> answered 500 ..."),
BadResponse("GET <url>: malformed response: ..."); quote: UnknownArea("no area 'atlantis'"),
NoDataError("no drivers value for 'soma' yet: GET ..."). CircuitBreaker.before_call raises
CircuitOpen("circuit open: ...").

Run its tests: pytest exercises/dataflow/test_through_services.py   (or: kata check dataflow.through_services)
"""
from __future__ import annotations

import http.client
import json
import random
import re
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from urllib.parse import urlsplit

from google.protobuf import descriptor_pb2, descriptor_pool, message_factory
from google.protobuf.message import DecodeError

# --- given: wire formats, the price formula, clocks, errors ----------------------------------

JSON = "application/json"
PROTOBUF = "application/x-protobuf"
RETRYABLE_STATUSES = frozenset({502, 503, 504})
BASE_FARE = 8.0
MAX_SURGE = 3.0


def _message_classes() -> dict:
    """Driver {int64 driver_id = 1; int32 seats = 2; int32 idle_s = 3}, DriverList {string area
    = 1; repeated Driver drivers = 2}, RideDemand {string area = 1; int32 requested = 2}."""
    F = descriptor_pb2.FieldDescriptorProto
    file = descriptor_pb2.FileDescriptorProto(name="dmls_services.proto", package="dmls", syntax="proto3")
    for name, fields in [
        ("Driver", [("driver_id", 1, F.TYPE_INT64, F.LABEL_OPTIONAL, None),
                    ("seats", 2, F.TYPE_INT32, F.LABEL_OPTIONAL, None),
                    ("idle_s", 3, F.TYPE_INT32, F.LABEL_OPTIONAL, None)]),
        ("DriverList", [("area", 1, F.TYPE_STRING, F.LABEL_OPTIONAL, None),
                        ("drivers", 2, F.TYPE_MESSAGE, F.LABEL_REPEATED, ".dmls.Driver")]),
        ("RideDemand", [("area", 1, F.TYPE_STRING, F.LABEL_OPTIONAL, None),
                        ("requested", 2, F.TYPE_INT32, F.LABEL_OPTIONAL, None)]),
    ]:
        msg = file.message_type.add(name=name)
        for field_name, number, type_, label, type_name in fields:
            field = msg.field.add(name=field_name, number=number, type=type_, label=label)
            if type_name:
                field.type_name = type_name
    pool = descriptor_pool.DescriptorPool()
    pool.Add(file)
    return {name: message_factory.GetMessageClass(pool.FindMessageTypeByName(f"dmls.{name}"))
            for name in ("Driver", "DriverList", "RideDemand")}


_classes = _message_classes()
Driver, DriverList, RideDemand = _classes["Driver"], _classes["DriverList"], _classes["RideDemand"]
DRIVER_FIELDS = ("driver_id", "seats", "idle_s")


def surge_price(drivers_available: int, rides_requested: int) -> tuple[float, float]:
    """The surge idea: more rides requested than drivers free raises the price, within limits.
    surge_price(4, 6) -> (1.5, 12.0); surge_price(2, 9) -> (3.0, 24.0); surge_price(1, 0) -> (1.0, 8.0)."""
    surge = round(min(MAX_SURGE, max(1.0, rides_requested / max(drivers_available, 1))), 2)
    return surge, round(BASE_FARE * surge, 2)


class SystemClock:
    """Real time: what a Client uses unless told otherwise."""

    def now(self) -> float:
        return time.monotonic()

    def sleep(self, seconds: float) -> None:
        time.sleep(seconds)


class ManualClock:
    """Time the tests drive: now() is what they set, sleep(s) records s and moves time on at once."""

    def __init__(self, start: float = 0.0):
        self.t = float(start)
        self.sleeps: list[float] = []
        self._lock = threading.Lock()

    def now(self) -> float:
        return self.t

    def sleep(self, seconds: float) -> None:
        with self._lock:
            self.sleeps.append(seconds)
            self.t += seconds

    def advance(self, seconds: float) -> None:
        with self._lock:
            self.t += seconds


class ServiceError(Exception):
    """A call to a service failed."""


class ServiceUnavailable(ServiceError):
    """No answer worth having: refused, reset, timed out or 502/503/504, after the retries or the deadline."""


class CircuitOpen(ServiceError):
    """The breaker is open: the call failed fast, without touching the network."""


class BadStatus(ServiceError):
    """A status that is not retried (a 4xx, a 500)."""


class NotFound(BadStatus):
    """404: the service does not know what was asked for."""


class BadResponse(ServiceError):
    """A 2xx whose body is not the message it should be."""


class UnknownArea(LookupError):
    """quote() of an area the services do not know."""


class NoDataError(Exception):
    """quote() could not fetch an input and has no last known value for it."""


def _seconds(name: str, value, allow_zero: bool = False) -> float:
    ok = type(value) in (int, float) and (value >= 0 if allow_zero else value > 0) and value == value
    if not ok:
        raise ValueError(f"{name} must be a positive number of seconds, got {value!r}")
    return float(value)


# --- to write --------------------------------------------------------------------------------

AREA_PATTERN = r"[a-z0-9_-]{1,40}"  # re.fullmatch(AREA_PATTERN, area)


class CircuitBreaker:
    """closed -> open after failure_threshold consecutive failures -> half-open after cooldown_s."""

    def __init__(self, failure_threshold: int = 5, cooldown_s: float = 10.0, clock=None):
        """Validate, remember the clock (SystemClock() if None), start closed.

        (about 8 lines) e.g. CircuitBreaker(0) -> ValueError("failure_threshold must be an int >= 1, got 0")
        """
        if type(failure_threshold) is not int or failure_threshold < 1:
            raise ValueError(f"failure_threshold must be an int >= 1, got {failure_threshold!r}")
        self.failure_threshold = failure_threshold
        self.cooldown_s = _seconds("cooldown_s", cooldown_s)
        self.clock = clock if clock is not None else SystemClock()
        self._failures = 0
        self._opened_at: float | None = None
        self._trial = False  # the half-open trial call is out

    def state(self) -> str:
        """"closed", "open" or "half-open"."""
        if self._opened_at is None:
            return "closed"
        if self._trial or self.clock.now() - self._opened_at >= self.cooldown_s:
            return "half-open"
        return "open"

    def before_call(self) -> bool:
        """Ask leave to call: False for a normal call, True for the half-open trial; CircuitOpen if neither."""
        state = self.state()
        if state == "closed":
            return False
        if state == "half-open" and not self._trial:
            self._trial = True
            return True
        if self._trial:
            raise CircuitOpen("circuit open: half-open, its one trial call is out")
        left = self.cooldown_s - (self.clock.now() - self._opened_at)
        raise CircuitOpen(f"circuit open: {self._failures} consecutive failures, a trial in {left:.3g} s")

    def record_success(self) -> None:
        """The call got an answer: closed, no failures counted."""
        self._failures = 0
        self._opened_at = None
        self._trial = False

    def record_failure(self) -> None:
        """The call failed: count it; open at the threshold, or at once if it was the trial.

        (about 5 lines) e.g. threshold 2: failure, failure -> 'open' (opened at clock.now())
        """
        self._failures += 1
        if self._trial or self._failures >= self.failure_threshold:
            # A failed trial re-opens at once: the service is still down, wait another cool-down.
            self._opened_at = self.clock.now()
            self._trial = False


class Client:
    """GET with a per-attempt timeout, safe retries with full-jitter backoff, a deadline and a breaker."""

    def __init__(self, base_url: str, timeout_s: float = 1.0, retries: int = 3, base_delay_s: float = 0.1,
                 max_delay_s: float = 2.0, failure_threshold: int = 5, cooldown_s: float = 10.0,
                 seed: int | None = None, clock=None):
        """Validate everything (the statement's messages), then keep a CircuitBreaker(failure_threshold,
        cooldown_s, clock) and a random.Random(seed).

        (about 20 lines) e.g. urllib.parse.urlsplit("http://127.0.0.1:8001") -> scheme 'http', hostname, port
        """
        parts = urlsplit(base_url) if isinstance(base_url, str) else None
        if parts is None or parts.scheme != "http" or not parts.hostname or parts.path not in ("", "/"):
            raise ValueError(f"base_url must be http://host:port, got {base_url!r}")
        self.base_url = base_url.rstrip("/")
        self.host, self.port = parts.hostname, parts.port or 80
        self.timeout_s = _seconds("timeout_s", timeout_s)
        if type(retries) is not int or retries < 0:
            raise ValueError(f"retries must be an int >= 0, got {retries!r}")
        self.retries = retries
        if not all(type(v) in (int, float) and v >= 0 for v in (base_delay_s, max_delay_s)):
            raise ValueError(f"base_delay_s and max_delay_s must be numbers >= 0, got {base_delay_s!r} and {max_delay_s!r}")
        self.base_delay_s, self.max_delay_s = float(base_delay_s), float(max_delay_s)
        self.clock = clock if clock is not None else SystemClock()
        self.breaker = CircuitBreaker(failure_threshold, cooldown_s, self.clock)
        self._rng = random.Random(seed)

    def breaker_state(self) -> str:
        """This client's breaker's state()."""
        return self.breaker.state()

    def _attempt(self, path: str, accept: str, timeout: float) -> tuple[int, str, str, bytes]:
        conn = http.client.HTTPConnection(self.host, self.port, timeout=timeout)
        try:
            conn.request("GET", path, headers={"Accept": accept})
            response = conn.getresponse()
            body = response.read()
            content_type = (response.getheader("Content-Type") or "").split(";")[0].strip()
            return response.status, response.reason, content_type, body
        finally:
            conn.close()

    def get(self, path: str, accept: str = JSON, deadline_s: float | None = None) -> dict:
        """GET base_url + path with header Accept: accept: {"status", "content_type", "body", "attempts"}.

        (about 40 lines) e.g. get("/areas/soma/drivers") from a service failing twice with 503 ->
        {"status": 200, "content_type": "application/json", "body": b'{"area":"soma",...', "attempts": 3}
        """
        if not isinstance(path, str) or not path.startswith("/"):
            raise ValueError(f"path must start with '/', got {path!r}")
        if deadline_s is not None:
            _seconds("deadline_s", deadline_s)
        url = self.base_url + path
        try:
            trial = self.breaker.before_call()
        except CircuitOpen as e:
            raise CircuitOpen(f"GET {url}: {e}") from None
        attempts = 1 if trial else self.retries + 1
        start = self.clock.now()
        made, last = 0, "no attempt within the deadline"
        for n in range(attempts):
            timeout = self.timeout_s
            if deadline_s is not None:
                left = deadline_s - (self.clock.now() - start)
                if left <= 0:
                    break
                timeout = min(timeout, left)
            made += 1
            try:
                status, reason, content_type, body = self._attempt(path, accept, timeout)
            except (OSError, http.client.HTTPException) as e:  # refused, reset, timed out, cut short
                last = f"{type(e).__name__}: {e}" if str(e) else type(e).__name__
            else:
                if status not in RETRYABLE_STATUSES:
                    self.breaker.record_success()  # it answered: the service is up
                    if 200 <= status < 300:
                        return {"status": status, "content_type": content_type, "body": body, "attempts": made}
                    error = NotFound if status == 404 else BadStatus
                    raise error(f"GET {url} answered {status} {reason}")
                last = f"{status} {reason}"
            if n + 1 < attempts:
                delay = self._rng.uniform(0, min(self.max_delay_s, self.base_delay_s * 2 ** n))
                if deadline_s is not None and self.clock.now() - start + delay >= deadline_s:
                    break  # the wait alone would use up the deadline
                self.clock.sleep(delay)
        self.breaker.record_failure()
        raise ServiceUnavailable(f"GET {url} failed after {made} attempt{'s' * (made != 1)}: {last}")


def encode_drivers(area: str, drivers: list, content_type: str = JSON) -> bytes:
    """The driver service's body: compact JSON or a DriverList message."""
    _check_area(area)
    if not isinstance(drivers, list) or not all(
            isinstance(d, dict) and set(d) == set(DRIVER_FIELDS) and all(type(d[f]) is int for f in DRIVER_FIELDS)
            for d in drivers):
        raise ValueError(f"drivers must be a list of {{driver_id, seats, idle_s}} ints, got {drivers!r}"[:300])
    if content_type == JSON:
        doc = {"area": area, "drivers": [{f: d[f] for f in DRIVER_FIELDS} for d in drivers]}
        return json.dumps(doc, separators=(",", ":")).encode()
    if content_type == PROTOBUF:
        return DriverList(area=area, drivers=[Driver(**d) for d in drivers]).SerializeToString()
    raise ValueError(f"content_type must be {JSON!r} or {PROTOBUF!r}, got {content_type!r}")


def _parse(body: bytes, content_type: str, url: str, message_class):
    """The JSON document or the message, or BadResponse."""
    try:
        if content_type == JSON:
            return json.loads(body.decode("utf-8"))
        if content_type == PROTOBUF:
            return message_class.FromString(body)
    except (UnicodeDecodeError, json.JSONDecodeError, DecodeError) as e:
        raise BadResponse(f"GET {url}: malformed response: {e}") from None
    raise BadResponse(f"GET {url}: malformed response: unexpected content type {content_type!r}")


def decode_drivers(body: bytes, content_type: str, url: str = "") -> list[dict]:
    """The drivers of a driver service's body: [{"driver_id", "seats", "idle_s"}, ...], or BadResponse.

    (about 15 lines) e.g. decode_drivers(b'{"area": "soma", "drivers": [{"driver_id', JSON, url) ->
    BadResponse("GET http://127.0.0.1:8001/areas/soma/drivers: malformed response: ...")
    """
    doc = _parse(body, content_type, url, DriverList)
    if content_type == PROTOBUF:
        return [{f: getattr(d, f) for f in DRIVER_FIELDS} for d in doc.drivers]
    drivers = doc.get("drivers") if isinstance(doc, dict) else None
    if not isinstance(drivers, list) or not all(
            isinstance(d, dict) and all(type(d.get(f)) is int for f in DRIVER_FIELDS) for d in drivers):
        raise BadResponse(f"GET {url}: malformed response: no list of drivers with int {', '.join(DRIVER_FIELDS)}")
    return [{f: d[f] for f in DRIVER_FIELDS} for d in drivers]


def decode_rides(body: bytes, content_type: str, url: str = "") -> int:
    """The rides requested in a ride service's body, or BadResponse.

    (about 8 lines) e.g. decode_rides(b'{"area":"soma","requested":6}', JSON) -> 6
    """
    doc = _parse(body, content_type, url, RideDemand)
    requested = doc.requested if content_type == PROTOBUF else (doc.get("requested") if isinstance(doc, dict) else None)
    if type(requested) is not int or requested < 0:
        raise BadResponse(f"GET {url}: malformed response: 'requested' is not an int >= 0")
    return requested


_AREA = re.compile(AREA_PATTERN)


def _check_area(area) -> None:
    if not isinstance(area, str) or not _AREA.fullmatch(area):
        raise ValueError(f"area must be 1-40 characters of a-z, 0-9, _ and -, got {area!r}")


class PriceService:
    """Quotes from two services, within a deadline, falling back to the last known values."""

    def __init__(self, drivers_url: str, rides_url: str, deadline_s: float = 0.5, *, accept: str = JSON,
                 timeout_s: float | None = None, retries: int = 2, base_delay_s: float = 0.02,
                 max_delay_s: float = 0.2, failure_threshold: int = 5, cooldown_s: float = 10.0,
                 seed: int | None = None, clock=None):
        """A Client for each service (timeout_s defaults to deadline_s; the rides client's seed is
        seed + 1), the last values {(input, area): (value, fetched at)}, and a pool of 2 threads.

        (about 15 lines) e.g. concurrent.futures.ThreadPoolExecutor(max_workers=2)
        """
        self.deadline_s = _seconds("deadline_s", deadline_s)
        if accept not in (JSON, PROTOBUF):
            raise ValueError(f"content_type must be {JSON!r} or {PROTOBUF!r}, got {accept!r}")
        self.accept = accept
        self.clock = clock if clock is not None else SystemClock()
        options = dict(timeout_s=self.deadline_s if timeout_s is None else timeout_s, retries=retries,
                       base_delay_s=base_delay_s, max_delay_s=max_delay_s, failure_threshold=failure_threshold,
                       cooldown_s=cooldown_s, clock=self.clock)
        self.clients = {"drivers": Client(drivers_url, seed=seed, **options),
                        "rides": Client(rides_url, seed=None if seed is None else seed + 1, **options)}
        self._last: dict[tuple[str, str], tuple[int, float]] = {}  # (input, area) -> (value, fetched at)
        # One thread per service: a hung driver service must not eat the ride service's time.
        self._pool = ThreadPoolExecutor(max_workers=2, thread_name_prefix="price-service")

    def _fetch(self, kind: str, area: str) -> int:
        client = self.clients[kind]
        path = f"/areas/{area}/{kind}"
        answer = client.get(path, accept=self.accept, deadline_s=self.deadline_s)
        decode = decode_drivers if kind == "drivers" else decode_rides
        value = decode(answer["body"], answer["content_type"], client.base_url + path)
        return len(value) if kind == "drivers" else value

    def quote(self, area: str) -> dict:
        """{"area", "surge", "price", "drivers": {"value", "fresh", "age_s"}, "rides": {...}}.

        (about 30 lines) e.g. quote("soma") -> {"area": "soma", "surge": 1.5, "price": 12.0,
        "drivers": {"value": 4, "fresh": True, "age_s": 0.0}, "rides": {"value": 6, "fresh": True, "age_s": 0.0}}
        """
        _check_area(area)
        futures = {kind: self._pool.submit(self._fetch, kind, area) for kind in ("drivers", "rides")}
        outcomes = {}
        for kind, future in futures.items():
            try:
                outcomes[kind] = (future.result(), None)
            except NotFound:
                raise UnknownArea(f"no area {area!r}") from None
            except ServiceError as e:
                outcomes[kind] = (None, e)
        now = self.clock.now()
        inputs = {}
        for kind, (value, error) in outcomes.items():
            if error is None:
                self._last[(kind, area)] = (value, now)
                inputs[kind] = {"value": value, "fresh": True, "age_s": 0.0}
            elif (kind, area) in self._last:
                value, fetched_at = self._last[(kind, area)]
                inputs[kind] = {"value": value, "fresh": False, "age_s": now - fetched_at}
            else:
                raise NoDataError(f"no {kind} value for {area!r} yet: {error}")
        surge, price = surge_price(inputs["drivers"]["value"], inputs["rides"]["value"])
        return {"area": area, "surge": surge, "price": price, "drivers": inputs["drivers"], "rides": inputs["rides"]}

    def close(self) -> None:
        """Let the threads go (shutdown(wait=False))."""
        self._pool.shutdown(wait=False)

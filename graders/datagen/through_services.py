"""The tests' own services for dataflow.through_services: the driver management service and
the ride management service of the book's price-optimization example, as small real HTTP
servers (the standard library's ThreadingHTTPServer on 127.0.0.1), never the kata's code.

    GET /areas/<area>/drivers   {"area": "soma", "drivers": [{"driver_id": 1042, "seats": 4, "idle_s": 35}, ...]}
    GET /areas/<area>/rides     {"area": "soma", "requested": 6}

Each answers JSON, or the same data as a Protobuf message when asked with
`Accept: application/x-protobuf` (classes built at runtime from a descriptor, no protoc), and
404 for an area it does not know. Tests start one with

    servers.start_python("graders.datagen.through_services:serve_drivers", FLEET)

and make it misbehave through its control endpoint (`misbehave(url, fail_next=3)`): fail the
next k requests with 503 (or another status), delay the next k answers, send garbage for the
next k; `requests_seen(url)` lists what reached it. A hang is `server.pause()` (SIGSTOP), a
dead service `server.kill()`. The service imports little, so it starts in about 0.1 s.
"""
from __future__ import annotations

import json
import re
import threading
import time
import urllib.request
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

JSON = "application/json"
PROTOBUF = "application/x-protobuf"

# The statement's areas. "quiet" has drivers and no ride requested; "empty" no driver at all.
FLEET = {
    "soma": [{"driver_id": 1042, "seats": 4, "idle_s": 35}, {"driver_id": 1077, "seats": 4, "idle_s": 120},
             {"driver_id": 2210, "seats": 6, "idle_s": 5}, {"driver_id": 3001, "seats": 4, "idle_s": 610}],
    "mission": [{"driver_id": 512, "seats": 4, "idle_s": 12}, {"driver_id": 9000000001, "seats": 2, "idle_s": 0}],
    "quiet": [{"driver_id": 7, "seats": 4, "idle_s": 3600}],
    "empty": [],
}
RIDES = {"soma": 6, "mission": 9, "quiet": 0, "empty": 3}

_AREA_PATH = re.compile(r"^/areas/([^/]+)/(drivers|rides)$")


def message_classes() -> dict:
    """{"Driver", "DriverList", "RideDemand"}: the services' Protobuf messages (the real library)."""
    from google.protobuf import descriptor_pb2, descriptor_pool, message_factory

    F = descriptor_pb2.FieldDescriptorProto
    file = descriptor_pb2.FileDescriptorProto(name="dmls_services_tests.proto", package="dmls.tests", syntax="proto3")
    for name, fields in [
        ("Driver", [("driver_id", 1, F.TYPE_INT64, F.LABEL_OPTIONAL, None),
                    ("seats", 2, F.TYPE_INT32, F.LABEL_OPTIONAL, None),
                    ("idle_s", 3, F.TYPE_INT32, F.LABEL_OPTIONAL, None)]),
        ("DriverList", [("area", 1, F.TYPE_STRING, F.LABEL_OPTIONAL, None),
                        ("drivers", 2, F.TYPE_MESSAGE, F.LABEL_REPEATED, ".dmls.tests.Driver")]),
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
    return {name: message_factory.GetMessageClass(pool.FindMessageTypeByName(f"dmls.tests.{name}"))
            for name in ("Driver", "DriverList", "RideDemand")}


class _Behaviour:
    """What the service does to the next requests; changed through POST /_control."""

    def __init__(self) -> None:
        self.lock = threading.Lock()
        self.reset()

    def reset(self) -> None:
        self.fail_next, self.fail_status = 0, 503
        self.delay_next, self.delay_s = 0, 0.0
        self.garbage_next, self.garbage = 0, None
        self.seen: list[dict] = []

    def update(self, changes: dict) -> None:
        with self.lock:
            if changes.pop("reset", False):
                self.reset()
            for key, value in changes.items():
                if not hasattr(self, key) or key in ("lock", "seen"):
                    raise KeyError(key)
                setattr(self, key, value)

    def take(self, path: str, accept: str) -> tuple[float, int | None, bytes | None]:
        """(delay, failing status or None, garbage body or None) for one request, counted."""
        with self.lock:
            self.seen.append({"path": path, "accept": accept, "at": time.monotonic()})
            delay = failing = garbage = None
            if self.delay_next > 0:
                self.delay_next -= 1
                delay = self.delay_s
            if self.fail_next > 0:
                self.fail_next -= 1
                failing = self.fail_status
            elif self.garbage_next > 0:
                self.garbage_next -= 1
                garbage = self.garbage.encode("latin-1") if self.garbage is not None else None
                if garbage is None:  # a body cut short: neither valid JSON nor a valid message
                    garbage = b'{"area": "soma", "drivers": [{"driver_id": 10' if accept != PROTOBUF else b"\x12\x05\x08"
            return delay or 0.0, failing, garbage


def _serve(port: int, kind: str, data: dict) -> None:
    behaviour = _Behaviour()
    classes: dict = {}

    def encode(area: str, accept: str) -> tuple[str, bytes]:
        if accept == PROTOBUF:
            if not classes:
                classes.update(message_classes())
            if kind == "drivers":
                msg = classes["DriverList"](area=area, drivers=[classes["Driver"](**d) for d in data[area]])
            else:
                msg = classes["RideDemand"](area=area, requested=data[area])
            return PROTOBUF, msg.SerializeToString()
        if kind == "drivers":
            doc = {"area": area, "drivers": data[area]}
        else:
            doc = {"area": area, "requested": data[area]}
        return JSON, json.dumps(doc, separators=(",", ":")).encode()

    class Handler(BaseHTTPRequestHandler):
        def log_message(self, *args) -> None:  # quiet: the tests read what they asked for
            pass

        def answer(self, status: int, content_type: str, body: bytes) -> None:
            self.send_response(status)
            self.send_header("Content-Type", content_type)
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def do_GET(self) -> None:
            if self.path == "/_requests":
                with behaviour.lock:
                    seen = list(behaviour.seen)
                return self.answer(200, JSON, json.dumps(seen).encode())
            accept = (self.headers.get("Accept") or JSON).split(";")[0].strip()
            delay, failing, garbage = behaviour.take(self.path, accept)
            if delay:
                time.sleep(delay)
            if failing is not None:
                return self.answer(failing, JSON, json.dumps({"error": f"failing with {failing}"}).encode())
            match = _AREA_PATH.match(self.path)
            if match is None or match.group(2) != kind or match.group(1) not in data:
                return self.answer(404, JSON, json.dumps({"error": f"no such resource {self.path}"}).encode())
            content_type, body = encode(match.group(1), PROTOBUF if accept == PROTOBUF else JSON)
            self.answer(200, content_type, garbage if garbage is not None else body)

        def do_POST(self) -> None:
            if self.path != "/_control":
                return self.answer(404, JSON, b"{}")
            changes = json.loads(self.rfile.read(int(self.headers.get("Content-Length") or 0)) or b"{}")
            try:
                behaviour.update(changes)
            except KeyError as e:
                return self.answer(400, JSON, json.dumps({"error": f"unknown setting {e}"}).encode())
            self.answer(200, JSON, b"{}")

    class Server(ThreadingHTTPServer):
        daemon_threads = True
        request_queue_size = 128  # a paused service keeps accepting connections into the backlog

        def handle_error(self, request, client_address) -> None:  # a client that gave up: not our problem
            pass

    Server(("127.0.0.1", port), Handler).serve_forever()


def serve_drivers(port: int, fleet: dict | None = None) -> None:
    """The driver management service: GET /areas/<area>/drivers from `fleet` {area: [driver, ...]}."""
    _serve(port, "drivers", FLEET if fleet is None else fleet)


def serve_rides(port: int, rides: dict | None = None) -> None:
    """The ride management service: GET /areas/<area>/rides from `rides` {area: requested}."""
    _serve(port, "rides", RIDES if rides is None else rides)


# --- the tests' side -------------------------------------------------------------------------

def misbehave(url: str, **changes) -> None:
    """Tell a running service what to do next: fail_next=k (fail_status=503), delay_next=k
    (delay_s=0.4), garbage_next=k (garbage='<html>' or None for a body cut short), reset=True."""
    request = urllib.request.Request(f"{url}/_control", data=json.dumps(changes).encode(), method="POST",
                                     headers={"Content-Type": JSON})
    with urllib.request.urlopen(request, timeout=5) as response:
        response.read()


def requests_seen(url: str) -> list[dict]:
    """Every data request that reached the service since it started (or was reset), in order:
    {"path", "accept", "at" (the service's time.monotonic())}."""
    with urllib.request.urlopen(f"{url}/_requests", timeout=5) as response:
        return json.loads(response.read())


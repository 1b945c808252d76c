"""A Valkey server and ride events for dataflow.real_broker (the tests read the server with
their own redis client, never through the kata's code)."""
from __future__ import annotations

import random

from graders import servers


def start_valkey(lifetime: float = 300.0) -> servers.Server:
    """A throwaway Valkey on 127.0.0.1 (no snapshots, no append-only file): about 50 ms."""
    return servers.start([servers.binary("valkey-server"), "--port", "{port}", "--bind", "127.0.0.1",
                          "--save", "", "--appendonly", "no"], lifetime=lifetime)


def url_of(server: servers.Server) -> str:
    return f"redis://127.0.0.1:{server.port}/0"


def rides(n: int, seed: int = 0, drivers: int = 5, start: int = 0) -> list[dict]:
    """n rides {ride_id, driver_id, fare_cents}: a few drivers, each with many rides."""
    rnd = random.Random(seed)
    return [{"ride_id": f"r{start + i}", "driver_id": f"d{rnd.randrange(drivers)}", "fare_cents": rnd.randint(300, 6000)}
            for i in range(n)]


# Entries a broken producer might write: (fields as sent, the reason the statement gives).
MALFORMED = [
    ({"ride_id": "bad-1", "driver_id": "d1"}, "missing field fare_cents"),
    ({"ride_id": "bad-2", "fare_cents": "700"}, "missing field driver_id"),
    ({"ride_id": "bad-3", "driver_id": "d1", "fare_cents": "12.50"}, "fare_cents is not an int: '12.50'"),
    ({"ride_id": "bad-4", "driver_id": b"\xff\xfe", "fare_cents": "100"}, "not UTF-8"),
]

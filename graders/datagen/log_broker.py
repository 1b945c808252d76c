"""Ride events for dataflow.log_broker: the same keys and values in the visible and hidden tests."""
from __future__ import annotations

import json
import random

DRIVERS = [f"driver-{i}" for i in range(1, 10)]


def ride_value(ride: int, driver: str, fare: float) -> bytes:
    """An event's payload, as a ride service would publish it."""
    return json.dumps({"ride": ride, "driver": driver, "fare": fare}, sort_keys=True).encode()


def rides(n: int, seed: int = 0, drivers: list[str] = DRIVERS) -> list[tuple[str, bytes]]:
    """n (key, value) pairs keyed by driver: every driver has several rides, in order."""
    rnd = random.Random(seed)
    out = []
    for ride in range(n):
        driver = rnd.choice(drivers)
        out.append((driver, ride_value(ride, driver, round(rnd.uniform(5, 60), 2))))
    return out

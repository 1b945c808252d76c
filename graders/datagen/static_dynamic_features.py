"""A ride log for streaming.static_dynamic_features (visible and hidden tests).

Each ride: {"ts", "area", "price", "driver", "rating"}; rating is None for unrated rides.
Rides are listed in ARRIVAL order; with `late_share` > 0 some arrive after rides that
happened later (their ts is smaller than an earlier row's), as on a real event stream.
Also the brute-force oracles the tests compare against.
"""
from __future__ import annotations

import random
import statistics

AREAS = ("SF-Mission", "SF-SoMa", "Oakland", "Berkeley", "Palo Alto", "San Jose")


def ride_log(n: int = 200, n_areas: int = 4, n_drivers: int = 12, late_share: float = 0.2,
             seed: int = 0) -> list[dict]:
    rng = random.Random(seed)
    areas = list(AREAS[:n_areas]) + [f"area-{i}" for i in range(max(0, n_areas - len(AREAS)))]
    drivers = [f"driver-{i:02d}" for i in range(n_drivers)]
    rides, ts = [], 1_700_000_000.0
    for _ in range(n):
        ts += rng.expovariate(1 / 30)
        area = rng.choice(areas)
        base = 10 + 4 * areas.index(area)
        price = round(max(3.0, rng.gauss(base, 5)), 2)
        rating = rng.choice([None, 3, 4, 4, 5, 5, 5]) if rng.random() < 0.8 else None
        rides.append({"ts": round(ts, 3), "area": area, "price": price,
                      "driver": rng.choice(drivers), "rating": rating})
    # Late arrivals: move some rides a few places later in the list (ts stays the event time).
    for i in range(n - 1, 0, -1):
        if rng.random() < late_share:
            j = min(n - 1, i + rng.randint(1, 5))
            rides.insert(j, rides.pop(i))
    return rides


def brute_features(events: list[dict], window: int = 10) -> list[dict]:
    """For each event i: its area's ride count and the median of the last `window` prices,
    computed from scratch over events[: i + 1] (arrival order)."""
    out = []
    for i, event in enumerate(events):
        prices = [e["price"] for e in events[: i + 1] if e["area"] == event["area"]]
        out.append({"rides_in_area": len(prices), "median_price_last_10": statistics.median(prices[-window:])})
    return out


def brute_ratings(history: list[dict], as_of: float | None = None) -> dict:
    """driver -> mean of non-None ratings over rides with ts < as_of; None if the driver has none."""
    seen: dict = {}
    for ride in history:
        if as_of is None or ride["ts"] < as_of:
            seen.setdefault(ride["driver"], [])
            if ride["rating"] is not None:
                seen[ride["driver"]].append(ride["rating"])
    return {d: (statistics.fmean(r) if r else None) for d, r in seen.items()}

"""Deterministic ride events for formats.table_3_1 (shared by its visible and hidden tests).

`rides(n, seed)` gives numeric-heavy records in the kata's schema: full-precision float64
prices (so a text format must spend up to 17 digits per price to stay bit-exact), a
microsecond timestamp per ride, a few nulls and a NaN here and there.
"""
from __future__ import annotations

import random
from datetime import datetime, timedelta, timezone

UTC = timezone.utc
START = datetime(2024, 3, 1, 8, 0, tzinfo=UTC)
DRIVERS = ("ann", "bo", "chen", "dara", "eli", "fatou", "gus", "hana")


def rides(n: int, seed: int = 0) -> list[dict]:
    """`n` ride events: {ride_id, driver, price, requested_at, surge}, the same for the same seed."""
    rng = random.Random(seed)
    out = []
    at = START
    for i in range(n):
        at += timedelta(microseconds=rng.randrange(1, 30_000_000))
        r = rng.random()
        price = None if r < 0.05 else float("nan") if r < 0.07 else rng.uniform(4.0, 90.0)
        out.append({
            "ride_id": 1_000_000 + 7 * i + rng.randrange(7),
            "driver": None if rng.random() < 0.1 else rng.choice(DRIVERS),
            "price": price,
            "requested_at": at,
            "surge": rng.random() < 0.2,
        })
    return out

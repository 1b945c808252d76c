"""Event streams and a brute-force window oracle for streaming.event_time_windows.

`bounded_disorder` gives events in arrival order where no event is more than `disorder`
seconds older than the newest one seen before it; with the watermark kept at the newest
event time seen and allowed_lateness_s >= disorder, no event is ever late.
`brute_windows` aggregates every non-empty window straight from the definition.
"""
from __future__ import annotations

import math
import random


def bounded_disorder(n: int, disorder: float, span: float = 3600.0, seed: int = 0,
                     step: float = 0.5) -> list[tuple[float, float]]:
    """[(event_time, value), ...] in arrival order; times are multiples of `step` in [0, span)."""
    rng = random.Random(seed)
    times = sorted(rng.randrange(int(span / step)) * step for _ in range(n))
    # Arrival = event time + a delay in [0, disorder]: an event can only be overtaken by
    # events at most `disorder` seconds older than it.
    arrivals = sorted(times, key=lambda t: (t + rng.uniform(0, disorder), rng.random()))
    return [(t, float(rng.randint(-20, 100))) for t in arrivals]


def windows_of(t: float, size: int, slide: int) -> list[int]:
    """Starts of the windows holding t, checked against [start, start + size) one by one."""
    k0 = math.floor(t / slide)
    return [k * slide for k in range(k0 - size // slide - 1, k0 + 2) if k * slide <= t < k * slide + size]


def brute_windows(events, size: int, slide: int) -> list[dict]:
    acc: dict[int, list] = {}
    for t, value in events:
        for start in windows_of(t, size, slide):
            a = acc.setdefault(start, [0, 0.0])
            a[0] += 1
            a[1] += value
    return [{"start": s, "end": s + size, "count": c, "sum": v, "mean": v / c}
            for s, (c, v) in sorted(acc.items())]

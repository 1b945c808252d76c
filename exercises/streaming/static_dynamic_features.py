"""Static and dynamic features: batch for what changes slowly, streams for what changes now.

The chapter's last section: batch processing computes static features that change rarely
(a driver's rating) from stored history; stream processing computes dynamic features that
change by the minute, such as the median price of the last 10 rides in an area. "Batch is a
special case of streaming": a streaming feature replayed over a log in batch must give the
numbers the stream gave (train/serve parity), and no feature may see a ride that had not
arrived yet.

1. driver_ratings: the static feature, one DuckDB SQL query (in-memory) over the ride history.
2. AreaFeatures.update: the dynamic features, updated per ride event.
3. batch_features: the same dynamic features for a whole log, in one DuckDB query with
   window functions, equal to what update() returned event by event.

    >>> driver_ratings([{"ts": 1, "driver": "ana", "rating": 5}, {"ts": 2, "driver": "ana", "rating": 4},
    ...                 {"ts": 3, "driver": "ana", "rating": None}, {"ts": 4, "driver": "bo", "rating": 3}])
    {'ana': 4.5, 'bo': 3.0}
    >>> f = AreaFeatures()
    >>> f.update({"ts": 10.0, "area": "SF", "price": 12.0})
    {'rides_in_area': 1, 'median_price_last_10': 12.0}
    >>> f.update({"ts": 12.5, "area": "SF", "price": 20.0})
    {'rides_in_area': 2, 'median_price_last_10': 16.0}
    >>> f.peek("Oakland")
    {'rides_in_area': 0, 'median_price_last_10': None}

Rules. A ride's features INCLUDE the ride itself: update() returns the area's state right
after the ride, which is what the price model reads (peek) for the next request there.
rides_in_area counts every ride so far in the area; the median is over the last 10 (fewer
at the start; an even count averages the two middle prices). Order is ARRIVAL order, the
order of update() calls or of the list, not ts: events can arrive out of ts order, and a
feature must never include an event that arrived later. Medians from update() and
batch_features agree within 1e-9 (relative). driver_ratings averages the rated rides
(rating None/NaN = unrated) with ts < as_of (every ride when as_of is None); a driver whose
rides there are all unrated maps to None. Events may carry extra keys (driver, rating...).

Bad input raises ValueError: an event without 'ts', 'area' or 'price' (the message names
the key; batch_features also names the position: "event 3 has no 'price'"), a price that
is negative or not a finite number (check_event below does both); a history without a
'ts', 'driver' or 'rating' column (named); a rating outside 1..5 (the message names the
driver). A rejected event changes nothing. Arguments of the wrong type raise ValueError
too, naming what was expected: "events must be a list of dicts, got DataFrame",
"history must be a list of dicts or a DataFrame, got dict" (one ride is not a history),
"area must be a str, got NoneType" from peek. Empty is fine: batch_features([]) is [],
driver_ratings([]) is {}, and peek of an area without rides gives rides_in_area 0 and
median_price_last_10 None.

Run its tests: pytest exercises/streaming/test_static_dynamic_features.py
(or: kata check streaming.static_dynamic_features)
"""
from __future__ import annotations

import math
import statistics  # noqa: F401  (statistics.median averages the two middle values)
from collections import deque  # noqa: F401  (deque(maxlen=10) forgets the oldest for you)

import duckdb
import pandas as pd
import pyarrow as pa  # noqa: F401

WINDOW = 10  # "the median price of the last 10 rides in this area"
EVENT_KEYS = ("ts", "area", "price")
HISTORY_COLUMNS = ("ts", "driver", "rating")

# Given: one in-memory database for the module. A fresh duckdb.connect() costs about 0.1 s
# here; a query on a registered DataFrame a few milliseconds. Use _CON.register(name, frame)
# then _CON.execute(sql).fetchall(), and _CON.unregister(name) when done.
_CON = duckdb.connect()


def _is_number(value: object) -> bool:
    return isinstance(value, (int, float)) and not isinstance(value, bool)


def check_event(event: dict, where: str = "event") -> None:
    """Given: ValueError unless `event` has a finite number 'ts', a str 'area' and a finite 'price' >= 0."""
    if not isinstance(event, dict):
        raise ValueError(f"{where} must be a dict, got {type(event).__name__}")
    for key in EVENT_KEYS:
        if key not in event:
            raise ValueError(f"{where} has no {key!r}: {event!r}")
    if not _is_number(event["ts"]) or not math.isfinite(event["ts"]):
        raise ValueError(f"{where}: 'ts' must be a finite number, got {event['ts']!r}")
    if not isinstance(event["area"], str):
        raise ValueError(f"{where}: 'area' must be a str, got {event['area']!r}")
    price = event["price"]
    if not _is_number(price) or not math.isfinite(price) or price < 0:
        raise ValueError(f"{where}: 'price' must be a finite number >= 0, got {price!r}")


def driver_ratings(history: list[dict] | pd.DataFrame, as_of: float | None = None) -> dict:
    """driver -> mean rating over the rated rides with ts < as_of, computed by DuckDB. (about 20 lines)

    `history` is a list of ride dicts or a DataFrame with columns ts, driver, rating.
    """
    # TODO: a DataFrame either way: pd.DataFrame(history); an empty history -> {}
    # TODO: a missing column -> ValueError naming it, e.g. "history has no 'rating' column"
    # TODO: _CON.register("history", frame)  (a NaN or None rating reads as NULL)
    # TODO: a rating outside 1..5 -> ValueError: SELECT driver, rating FROM history WHERE rating NOT BETWEEN 1 AND 5
    # TODO: SELECT driver, avg(rating) FROM history WHERE <ts before as_of> GROUP BY driver
    #       (parameters: _CON.execute("... WHERE $as_of IS NULL OR ts < $as_of ...", {"as_of": as_of}))
    #       avg skips NULLs: {ana: [5, 4, None]} -> 4.5; {carol: [None]} -> None
    raise NotImplementedError("driver_ratings")


class AreaFeatures:
    """Per-area state: the number of rides so far and the prices of the last 10."""

    def __init__(self) -> None:
        # TODO: area -> ride count, area -> deque(maxlen=WINDOW) of prices
        raise NotImplementedError("AreaFeatures.__init__")

    def update(self, event: dict) -> dict:
        """Take in one ride; return its area's features right after including it. (about 6 lines)"""
        # TODO: check_event(event) first, so a bad event changes nothing
        # TODO: append the price, count the ride; prices 1..11 in one area -> the last 10 are 2..11
        # TODO: return self.peek(area)
        raise NotImplementedError("AreaFeatures.update")

    def peek(self, area: str) -> dict:
        """The area's current features without updating: what the model reads for the next request."""
        # TODO: {"rides_in_area": n, "median_price_last_10": float(statistics.median(last))}
        #       an area with no rides yet -> {"rides_in_area": 0, "median_price_last_10": None}
        raise NotImplementedError("AreaFeatures.peek")


def batch_features(events: list[dict]) -> list[dict]:
    """update()'s outputs for every event of a log, in one DuckDB query. (about 15 lines)"""
    # TODO: check_event(e, f"event {i}") for each; [] -> []
    # TODO: a table with columns seq (the list position = arrival order), area, price:
    #       pa.table({"seq": [0, 1, ...], "area": [...], "price": [...]}) registers faster than a DataFrame
    # TODO: count(*)      OVER (PARTITION BY area ORDER BY seq ROWS BETWEEN UNBOUNDED PRECEDING AND CURRENT ROW)
    #       median(price) OVER (PARTITION BY area ORDER BY seq ROWS BETWEEN 9 PRECEDING AND CURRENT ROW)
    #       ... ORDER BY seq; then one dict per row, as update() returns
    raise NotImplementedError("batch_features")

"""Static and dynamic features: a driver's rating in batch, an area's recent prices per event.

Reference solution. See exercises/streaming/static_dynamic_features.py for the statement.
"""
from __future__ import annotations

import math
import statistics
from collections import deque

import duckdb
import pandas as pd
import pyarrow as pa

WINDOW = 10  # "the median price of the last 10 rides in this area"
EVENT_KEYS = ("ts", "area", "price")
HISTORY_COLUMNS = ("ts", "driver", "rating")

# One in-memory database for the module: opening a connection costs about 0.1 s on a
# loaded 2-core machine, a query on a registered DataFrame a few milliseconds.
_CON = duckdb.connect()


def _is_number(value: object) -> bool:
    return isinstance(value, (int, float)) and not isinstance(value, bool)


def check_event(event: dict, where: str = "event") -> None:
    """ValueError unless `event` has a finite number 'ts', a str 'area' and a finite 'price' >= 0."""
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


# --- static feature: batch over history ------------------------------------------------

def driver_ratings(history: list[dict] | pd.DataFrame, as_of: float | None = None) -> dict:
    """driver -> mean rating over the rated rides with ts < as_of (all rides if as_of is None)."""
    # A dict (one ride) would turn into a frame of its keys; None would not iterate at all.
    if not isinstance(history, (list, tuple, pd.DataFrame)):
        raise ValueError(f"history must be a list of dicts or a DataFrame, got {type(history).__name__}")
    frame = history if isinstance(history, pd.DataFrame) else pd.DataFrame(list(history))
    if len(frame) == 0:
        return {}
    missing = [c for c in HISTORY_COLUMNS if c not in frame.columns]
    if missing:
        raise ValueError(f"history has no {missing[0]!r} column")
    ratings = frame["rating"]
    if ratings.notna().any() and (
        not pd.api.types.is_numeric_dtype(ratings) or pd.api.types.is_bool_dtype(ratings)
    ):
        raise ValueError(f"ratings must be numbers (or None for an unrated ride), got dtype {ratings.dtype}")
    if as_of is not None and (not _is_number(as_of) or math.isnan(as_of)):
        raise ValueError(f"as_of must be a number or None, got {as_of!r}")

    try:
        # DuckDB scans the DataFrame in place; a NaN rating reads as NULL.
        _CON.register("history", frame[list(HISTORY_COLUMNS)])
        bad = _CON.execute(
            "SELECT driver, rating FROM history WHERE rating NOT BETWEEN 1 AND 5 LIMIT 1"
        ).fetchone()
        if bad is not None:
            raise ValueError(f"rating of driver {bad[0]!r} must be between 1 and 5, got {bad[1]!r}")
        # avg() skips NULLs: unrated rides do not count, and a driver with no rated ride
        # before as_of gets NULL -> None. The filter keeps the batch from seeing the future.
        rows = _CON.execute(
            """
            SELECT driver, avg(CAST(rating AS DOUBLE))
            FROM history
            WHERE $as_of IS NULL OR ts < $as_of
            GROUP BY driver
            ORDER BY driver
            """,
            {"as_of": None if as_of is None else float(as_of)},
        ).fetchall()
    finally:
        _CON.unregister("history")
    return dict(rows)


# --- dynamic feature: updated per event ---------------------------------------------------

def _empty() -> dict:
    return {"rides_in_area": 0, "median_price_last_10": None}


class AreaFeatures:
    """Per-area state: how many rides so far, and the prices of the last 10."""

    def __init__(self) -> None:
        self._rides: dict[str, int] = {}
        self._last: dict[str, deque] = {}  # deque(maxlen=10) drops the oldest price for us

    def update(self, event: dict) -> dict:
        """Take in one ride; return its area's features right after including it."""
        check_event(event)  # before touching state: a bad event changes nothing
        area = event["area"]
        last = self._last.setdefault(area, deque(maxlen=WINDOW))
        last.append(float(event["price"]))
        self._rides[area] = self._rides.get(area, 0) + 1
        return self.peek(area)

    def peek(self, area: str) -> dict:
        """The features a model would read for the next ride request in `area` (no update)."""
        if not isinstance(area, str):
            raise ValueError(f"area must be a str, got {type(area).__name__}")
        last = self._last.get(area)
        if not last:
            return _empty()
        # Ten numbers: sorting them is cheaper than any clever structure.
        return {"rides_in_area": self._rides[area], "median_price_last_10": float(statistics.median(last))}


# --- the same dynamic features, recomputed in batch ----------------------------------------

BATCH_SQL = f"""
SELECT
    count(*)      OVER (PARTITION BY area ORDER BY seq ROWS BETWEEN UNBOUNDED PRECEDING AND CURRENT ROW),
    median(price) OVER (PARTITION BY area ORDER BY seq ROWS BETWEEN {WINDOW - 1} PRECEDING AND CURRENT ROW)
FROM rides
ORDER BY seq
"""


def batch_features(events: list[dict]) -> list[dict]:
    """AreaFeatures.update's outputs for every event, computed in one DuckDB query."""
    if not isinstance(events, (list, tuple)):
        raise ValueError(f"events must be a list of dicts, got {type(events).__name__}")
    for i, event in enumerate(events):
        check_event(event, f"event {i}")
    if not events:
        return []
    # Order by arrival (seq), never by ts: the stream saw events in arrival order, and a
    # late-arriving ride with an earlier ts must not leak into earlier rows' windows.
    # (An Arrow table registers in about half the time of a DataFrame.)
    frame = pa.table({
        "seq": list(range(len(events))),
        "area": [e["area"] for e in events],
        "price": [float(e["price"]) for e in events],
    })
    try:
        _CON.register("rides", frame)
        rows = _CON.execute(BATCH_SQL).fetchall()
    finally:
        _CON.unregister("rides")
    return [{"rides_in_area": n, "median_price_last_10": float(m)} for n, m in rows]

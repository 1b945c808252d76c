"""Static and dynamic features: a driver's rating in batch, an area's recent prices per event.

MUTANT (must fail the hidden tests): the batch query orders the window by ts instead of arrival, so a late-arriving ride leaks into earlier rows.
See exercises/streaming/static_dynamic_features.py for the statement.
"""
REPLACE = [
    (
        r"""SELECT
    count(*)      OVER (PARTITION BY area ORDER BY seq ROWS BETWEEN UNBOUNDED PRECEDING AND CURRENT ROW),
    median(price) OVER (PARTITION BY area ORDER BY seq ROWS BETWEEN {WINDOW - 1} PRECEDING AND CURRENT ROW)
FROM rides
""",
        r"""SELECT
    count(*)      OVER (PARTITION BY area ORDER BY ts ROWS BETWEEN UNBOUNDED PRECEDING AND CURRENT ROW),
    median(price) OVER (PARTITION BY area ORDER BY ts ROWS BETWEEN {WINDOW - 1} PRECEDING AND CURRENT ROW)
FROM rides
""",
    ),
    (
        r"""        "seq": list(range(len(events))),
        "area": [e["area"] for e in events],
""",
        r"""        "seq": list(range(len(events))),
        "ts": [float(e["ts"]) for e in events],
        "area": [e["area"] for e in events],
""",
    ),
]

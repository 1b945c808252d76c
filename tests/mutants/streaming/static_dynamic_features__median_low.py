"""Static and dynamic features: a driver's rating in batch, an area's recent prices per event.

MUTANT (must fail the hidden tests): an even count takes the lower middle price (statistics.median_low, quantile_disc) instead of the mean of the two.
See exercises/streaming/static_dynamic_features.py for the statement.
"""
REPLACE = [
    (
        r"""        return {"rides_in_area": self._rides[area], "median_price_last_10": float(statistics.median(last))}
""",
        r"""        return {"rides_in_area": self._rides[area], "median_price_last_10": float(statistics.median_low(last))}
""",
    ),
    (
        r"""    median(price) OVER (PARTITION BY area ORDER BY seq ROWS BETWEEN {WINDOW - 1} PRECEDING AND CURRENT ROW)
""",
        r"""    quantile_disc(price, 0.5) OVER (PARTITION BY area ORDER BY seq ROWS BETWEEN {WINDOW - 1} PRECEDING AND CURRENT ROW)
""",
    ),
]

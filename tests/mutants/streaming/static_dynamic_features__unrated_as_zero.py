"""Static and dynamic features: a driver's rating in batch, an area's recent prices per event.

MUTANT (must fail the hidden tests): an unrated ride counts as a 0 rating (coalesce before avg), pulling the driver down.
See exercises/streaming/static_dynamic_features.py for the statement.
"""
REPLACE = [
    (
        r"""            SELECT driver, avg(CAST(rating AS DOUBLE))
""",
        r"""            SELECT driver, avg(coalesce(CAST(rating AS DOUBLE), 0))
""",
    ),
]

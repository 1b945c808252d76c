"""Static and dynamic features: a driver's rating in batch, an area's recent prices per event.

MUTANT (must fail the hidden tests): off by one, the median covers the last 11 rides (deque and ROWS frame both one too long).
See exercises/streaming/static_dynamic_features.py for the statement.
"""
REPLACE = [
    (
        r"""WINDOW = 10  # "the median price of the last 10 rides in this area"
""",
        r"""WINDOW = 11  # "the median price of the last 10 rides in this area"
""",
    ),
]

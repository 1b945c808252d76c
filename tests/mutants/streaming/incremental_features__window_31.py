"""Incremental beats recompute: a 30-day engagement feature kept as running state.

MUTANT (must fail the hidden tests): off by one: the window keeps window_days + 1 days.
See exercises/streaming/incremental_features.py for the statement.
"""
REPLACE = [
    (
        r"""        oldest_kept = day - self.window_days + 1
""",
        r"""        oldest_kept = day - self.window_days
""",
    ),
]

"""Incremental beats recompute: a 30-day engagement feature kept as running state.

MUTANT (must fail the hidden tests): users whose total drops to 0 stay in features() with 0.
See exercises/streaming/incremental_features.py for the statement.
"""
REPLACE = [
    (
        r"""                if left:
                    totals[user] = left
                else:
                    del totals[user]  # users leave the feature when they go quiet
""",
        r"""                totals[user] = left
""",
    ),
]

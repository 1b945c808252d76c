"""Incremental beats recompute: a 30-day engagement feature kept as running state.

MUTANT (must fail the hidden tests): keeps the last window_days ADDED days, so skipped days never expire anything.
See exercises/streaming/incremental_features.py for the statement.
"""
REPLACE = [
    (
        r"""        oldest_kept = day - self.window_days + 1
        while self._days and self._days[0][0] < oldest_kept:
""",
        r"""        while len(self._days) > self.window_days:
""",
    ),
]

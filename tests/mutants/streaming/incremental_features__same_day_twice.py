"""Incremental beats recompute: a 30-day engagement feature kept as running state.

MUTANT (must fail the hidden tests): days only may not go backwards, so add_day(d) twice for the same d is accepted (days must increase).
See exercises/streaming/incremental_features.py for the statement.
"""
REPLACE = [
    (
        r"""if self._last_day is not None and day <= self._last_day:""",
        r"""if self._last_day is not None and day < self._last_day:""",
    ),
]

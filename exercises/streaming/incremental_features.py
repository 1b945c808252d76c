"""Incremental beats recompute: a 30-day engagement feature, kept up to date as days arrive.

The chapter: batch processing recomputes features from stored data on a schedule; stream
processing keeps state and updates it as events arrive, and "batch is a special case of
streaming". Take "minutes a user spent in the app over the last 30 days", refreshed daily.
The batch job re-reads (and re-checks) 30 days of raw session logs every day
(recompute_daily in graders/datagen/incremental_features.py). The streaming job keeps one
running total per user: add today's minutes, subtract the day that just left the window.
Same numbers, but the work per day is one day of sessions instead of thirty.

    >>> r = Rolling30()                                  # window_days=30
    >>> r.add_day(0, [("ana", 10), ("ana", 5), ("bo", 7)])
    >>> r.features()
    {'ana': 15, 'bo': 7}
    >>> r.add_day(30, [("bo", 1)])                       # window is now days 1..30: day 0 left
    >>> r.features(), r.feature("ana")
    ({'bo': 1}, 0)

After add_day(d, ...), the feature covers days d - window_days + 1 .. d. Days must increase
but need not be consecutive: a skipped day had no sessions and still moves the window.
Users with 0 minutes in the window are left out of features(). Minutes are ints on purpose:
float totals drift when you add and subtract (0.1 + 0.2 - 0.1 - 0.2 != 0), integer counters
stay exact, so the incremental result must EQUAL the recomputed one.

Budget: over a year (365 days, about 100 sessions a day), feeding every day to add_day must
be at least 10x faster than recompute_daily on the same days (same-run time ratio).

Bad input raises ValueError (state unchanged): window_days not a positive int; day not an
int, or not greater than the previous day ("days must increase"); a session that is not a
(user, minutes) pair; minutes not a non-negative int (bool is not an int here), the message
naming the user; sessions that are not a list (or tuple) of pairs, e.g. a dict of user ->
minutes or None ("sessions must be a list of (user, minutes) pairs, got dict"). Empty is
fine: add_day(d, []) is a quiet day that still moves the window, and a new Rolling30 has
features() == {} and feature(user) == 0.

Run its tests: pytest exercises/streaming/test_incremental_features.py
(or: kata check streaming.incremental_features)
"""
from __future__ import annotations


class Rolling30:
    """Minutes per user over the last `window_days` days, updated one day at a time."""

    def __init__(self, window_days: int = 30):
        # TODO: validate window_days (a positive int, not a bool), else ValueError
        # TODO: state: the days still inside the window, oldest first, each as that day's
        #       {user: minutes} (a collections.deque), and the running totals {user: minutes}.
        #       e.g. after add_day(0, [("ana", 10), ("ana", 5)]): deque([(0, {"ana": 15})]), {"ana": 15}
        raise NotImplementedError("Rolling30.__init__")

    def add_day(self, day: int, sessions: list[tuple[str, int]]) -> None:
        """Add one day's sessions, then drop the days that left the window. (about 25 lines)"""
        # TODO: check day (int, greater than the last one) and every session BEFORE changing
        #       any state: a bad session must leave the feature as it was
        # TODO: sum today's sessions per user: [("ana", 10), ("ana", 5)] -> {"ana": 15}
        # TODO: add today's sums to the running totals and remember (day, today's sums)
        # TODO: pop days older than day - window_days + 1 and subtract them; a total that
        #       reaches 0 leaves the dict. e.g. window 30, add_day(45, ...) drops every day < 16
        raise NotImplementedError("Rolling30.add_day")

    def features(self) -> dict[str, int]:
        """user -> minutes over the window ending at the last day added (no zero totals)."""
        # TODO: a copy of the running totals, e.g. {"ana": 15, "bo": 7}
        raise NotImplementedError("Rolling30.features")

    def feature(self, user: str) -> int:
        """One user's minutes over the window, 0 for a user with none: what a model server reads."""
        # TODO: one dict lookup, e.g. feature("nobody") -> 0
        raise NotImplementedError("Rolling30.feature")

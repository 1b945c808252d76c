"""Incremental beats recompute: a 30-day engagement feature kept as running state.

MUTANT (must fail the hidden tests): too slow: recomputes the 30-day sums from the stored sessions every day.
See exercises/streaming/incremental_features.py for the statement.
"""
REPLACE = [
    (
        r"""        today = {user: minutes for user, minutes in today.items() if minutes}
""",
        r"""        today = list(sessions)
""",
    ),
    (
        r"""        totals = self._totals
        for user, minutes in today.items():
            totals[user] = totals.get(user, 0) + minutes
""",
        r"""        # Recompute from the stored sessions of the window, every day (the batch way).
""",
    ),
    (
        r"""
        # Expire by day index, not by count: skipped days still move the window.
""",
        r"""""",
    ),
    (
        r"""            _, gone = self._days.popleft()
            for user, minutes in gone.items():
                left = totals[user] - minutes  # exact: integer minutes never drift
                if left:
                    totals[user] = left
                else:
                    del totals[user]  # users leave the feature when they go quiet
""",
        r"""            self._days.popleft()
        totals: dict = {}
        for _, sessions_of_day in self._days:
            for user, minutes in sessions_of_day:
                totals[user] = totals.get(user, 0) + minutes
        self._totals = {user: total for user, total in totals.items() if total}
""",
    ),
]

"""Incremental beats recompute: a 30-day engagement feature kept as running state.

Reference solution. See exercises/streaming/incremental_features.py for the statement.
"""
from __future__ import annotations

from collections import deque


def _check_int(name: str, value: object) -> None:
    if isinstance(value, bool) or not isinstance(value, int):
        raise ValueError(f"{name} must be an int, got {value!r}")


def _explain(sessions) -> None:
    """Raise the ValueError that names the first bad session (the slow path, errors only)."""
    for session in sessions:
        try:
            user, minutes = session
            hash(user)
        except (TypeError, ValueError):
            raise ValueError(f"session {session!r} is not a (user, minutes) pair") from None
        if type(minutes) is not int or minutes < 0:
            raise ValueError(f"minutes for user {user!r} must be a non-negative int, got {minutes!r}")


class Rolling30:
    """Minutes per user over the last `window_days` days, updated one day at a time."""

    def __init__(self, window_days: int = 30):
        _check_int("window_days", window_days)
        if window_days < 1:
            raise ValueError(f"window_days must be positive, got {window_days}")
        self.window_days = window_days
        # Each day still inside the window, oldest first, as that day's per-user totals:
        # what has to be subtracted when the day falls out.
        self._days: deque[tuple[int, dict]] = deque()
        # The feature itself; only positive totals are kept, so features() needs no filter.
        self._totals: dict = {}
        self._last_day: int | None = None

    def add_day(self, day: int, sessions: list[tuple[str, int]]) -> None:
        """Add one day's sessions, then drop every day that left the window."""
        _check_int("day", day)
        if self._last_day is not None and day <= self._last_day:
            raise ValueError(f"day {day} does not come after day {self._last_day}: days must increase")
        # A dict or a str would iterate its keys or characters; None would not iterate at all.
        if not isinstance(sessions, (list, tuple)):
            raise ValueError(f"sessions must be a list of (user, minutes) pairs, got {type(sessions).__name__}")
        # Aggregate the day before touching the state (atomic update). The loop is the hot
        # path, so it only does one cheap check per session; _explain() finds the culprit.
        today: dict = {}
        get = today.get
        try:
            for user, minutes in sessions:
                if type(minutes) is not int or minutes < 0:  # type(...) is int also rejects bool
                    _explain(sessions)
                today[user] = get(user, 0) + minutes
        except TypeError:  # a session that does not unpack, or an unhashable user
            _explain(sessions)
            raise
        except ValueError as exc:
            if "unpack" in str(exc):  # a tuple of the wrong length
                _explain(sessions)
            raise
        today = {user: minutes for user, minutes in today.items() if minutes}

        self._last_day = day
        totals = self._totals
        for user, minutes in today.items():
            totals[user] = totals.get(user, 0) + minutes
        self._days.append((day, today))

        # Expire by day index, not by count: skipped days still move the window.
        oldest_kept = day - self.window_days + 1
        while self._days and self._days[0][0] < oldest_kept:
            _, gone = self._days.popleft()
            for user, minutes in gone.items():
                left = totals[user] - minutes  # exact: integer minutes never drift
                if left:
                    totals[user] = left
                else:
                    del totals[user]  # users leave the feature when they go quiet

    def features(self) -> dict[str, int]:
        """user -> minutes over the window ending at the last day added (zero totals left out)."""
        return dict(self._totals)

    def feature(self, user: str) -> int:
        """One user's minutes over the window; 0 for a user with none."""
        return self._totals.get(user, 0)

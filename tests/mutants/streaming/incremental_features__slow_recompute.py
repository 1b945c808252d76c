"""Incremental beats recompute: a 30-day engagement feature kept as running state.

MUTANT (must fail the hidden tests): too slow: recomputes the 30-day sums from the stored sessions every day.
See exercises/streaming/incremental_features.py for the statement.
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
        today = list(sessions)

        self._last_day = day
        # Recompute from the stored sessions of the window, every day (the batch way).
        self._days.append((day, today))
        oldest_kept = day - self.window_days + 1
        while self._days and self._days[0][0] < oldest_kept:
            self._days.popleft()
        totals: dict = {}
        for _, sessions_of_day in self._days:
            for user, minutes in sessions_of_day:
                totals[user] = totals.get(user, 0) + minutes
        self._totals = {user: total for user, total in totals.items() if total}

    def features(self) -> dict[str, int]:
        """user -> minutes over the window ending at the last day added (zero totals left out)."""
        return dict(self._totals)

    def feature(self, user: str) -> int:
        """One user's minutes over the window; 0 for a user with none."""
        return self._totals.get(user, 0)

"""Data and the recompute baseline for streaming.incremental_features (visible and hidden tests).

`sessions_year` is a deterministic year of session logs; `recompute_daily` is the batch job
the kata is timed against: every day it re-reads the last `window_days` days of raw sessions
and sums them again. `window_totals` is the brute-force oracle for one day.
"""
from __future__ import annotations

import random


def sessions_year(
    n_days: int = 365,
    users_per_day: int = 20,
    sessions_per_user: int = 5,
    n_users: int = 400,
    skip_every: int = 7,
    seed: int = 0,
) -> list[tuple[int, list[tuple[str, int]]]]:
    """[(day, [(user, minutes), ...]), ...] with increasing days; every `skip_every`-th day is
    missing from the list (no sessions logged that day), some sessions last 0 minutes."""
    rng = random.Random(seed)
    users = [f"user{i:04d}" for i in range(n_users)]
    year = []
    for day in range(n_days):
        if skip_every and day % skip_every == skip_every - 1:
            continue
        active = rng.sample(users, users_per_day)
        sessions = [(rng.choice(active), rng.randint(0, 90)) for _ in range(users_per_day * sessions_per_user)]
        year.append((day, sessions))
    return year


def window_totals(days, upto_day: int, window_days: int = 30) -> dict[str, int]:
    """Brute force: minutes per user over days upto_day - window_days + 1 .. upto_day, zeros left out."""
    totals: dict[str, int] = {}
    for day, sessions in days:
        if upto_day - window_days < day <= upto_day:
            for user, minutes in sessions:
                totals[user] = totals.get(user, 0) + minutes
    return {user: total for user, total in totals.items() if total}


def recompute_daily(days, window_days: int = 30) -> dict[str, int]:
    """The batch baseline: each day, store the day's raw sessions, then re-read the last
    `window_days` days of raw sessions (checking each, as a job reading raw logs must) and
    sum them from scratch. Returns the last day's table."""
    log: dict[int, list[tuple[str, int]]] = {}
    table: dict[str, int] = {}
    for day, sessions in days:
        log[day] = sessions
        totals: dict[str, int] = {}
        for d in range(day - window_days + 1, day + 1):
            for user, minutes in log.get(d, ()):
                if type(minutes) is not int or minutes < 0:
                    raise ValueError(f"minutes for user {user!r} must be a non-negative int, got {minutes!r}")
                totals[user] = totals.get(user, 0) + minutes
        table = {user: total for user, total in totals.items() if total}
    return table

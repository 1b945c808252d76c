"""Users, first-party events, consent histories and partner attributes for sources.consent_join.

Only data: the emails as an app receives them (mixed case, stray spaces), device ids as iOS
hands them out (a random UUID, or all zeros without the user's yes), and consent logs.
Nothing here pseudonymizes or joins: the tests build the partner's keys themselves.
"""
from __future__ import annotations

import random
import uuid
from datetime import datetime, timedelta, timezone

KEY = b"shared-with-partner"
APRIL_26 = datetime(2021, 4, 26, tzinfo=timezone.utc)  # iOS 14.5: the tracking prompt arrives
ZERO_AD_ID = "00000000-0000-0000-0000-000000000000"
SEGMENTS = ["frequent traveller", "student", "new parent", "car shopper", "pet owner"]
INCOME_BANDS = ["<25k", "25-50k", "50-75k", "75-100k", "100k+"]
ACTIONS = ["search flights", "search hotels", "view listing", "book", "open app"]
NAMES = ["ana", "ben", "chloe", "dev", "eitan", "fatima", "gus", "hiro", "ines", "jon", "kemi", "lars"]


def minutes(k: int) -> datetime:
    """k minutes after April 26, 2021 (UTC)."""
    return APRIL_26 + timedelta(minutes=k)


def emails(n: int) -> list[str]:
    """n distinct canonical (already normalized) emails."""
    out = []
    for i in range(n):
        name = NAMES[i % len(NAMES)] + ("" if i < len(NAMES) else str(i // len(NAMES)))
        out.append(f"{name}@{['example.com', 'mail.example.org', 'example.net'][i % 3]}")
    return out


def messy(email: str, rnd: random.Random) -> str:
    """The same address as a form might send it: some letters upper-case, spaces around."""
    letters = "".join(c.upper() if rnd.random() < 0.3 else c for c in email)
    return rnd.choice(["", " ", "  ", "\t"]) + letters + rnd.choice(["", " ", "\n"])


def ad_id(rnd: random.Random, zero_share: float = 0.2) -> str | None:
    roll = rnd.random()
    if roll < zero_share:
        return ZERO_AD_ID
    if roll < zero_share + 0.1:
        return None  # not an iPhone: no advertising id at all
    return str(uuid.UUID(int=rnd.getrandbits(128), version=4)).upper()


def events(users: list[str], n: int, seed: int, span_minutes: int = 600) -> list[dict]:
    """n events of the users at whole minutes within span_minutes, emails messy, in time order
    (mostly: a few arrive late, as events do)."""
    rnd = random.Random(seed)
    devices = {u: ad_id(rnd) for u in users}
    out = []
    for i in range(n):
        user = rnd.choice(users)
        out.append({"event_id": i + 1, "email": messy(user, rnd), "at": minutes(rnd.randrange(span_minutes)),
                    "ad_id": devices[user], "action": rnd.choice(ACTIONS)})
    out.sort(key=lambda e: e["at"])
    for _ in range(n // 10):  # late arrivals
        i, j = rnd.randrange(n), rnd.randrange(n)
        out[i], out[j] = out[j], out[i]
    return out


def consent_log(users: list[str], seed: int, span_minutes: int = 600, max_records: int = 4) -> list[dict]:
    """A consent log: per user 0 to max_records decisions at whole minutes (some users never
    answer the prompt), appended in time order across users, emails messy."""
    rnd = random.Random(seed)
    out = []
    for user in users:
        for _ in range(rnd.randrange(max_records + 1)):
            out.append({"email": messy(user, rnd), "at": minutes(rnd.randrange(span_minutes)),
                        "decision": rnd.choice(["opt-in", "opt-out"])})
    out.sort(key=lambda r: r["at"])
    return out


def attributes(users: list[str], seed: int, known_share: float = 0.7) -> dict[str, dict]:
    """What the partner knows about some of the users: {email: {segment, income_band}}."""
    rnd = random.Random(seed)
    return {u: {"segment": rnd.choice(SEGMENTS), "income_band": rnd.choice(INCOME_BANDS)}
            for u in users if rnd.random() < known_share}

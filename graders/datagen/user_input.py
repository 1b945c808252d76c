"""Raw events for sources.user_input: the server's clock, one good event of each kind, and the
edits that make variants of them. The tests say what each variant must give.
"""
from __future__ import annotations

from datetime import datetime, timezone

NOW = datetime(2026, 9, 14, 15, 45, tzinfo=timezone.utc)  # the server's clock in every test

SIGNUP = {"event": "signup", "user_id": 7, "username": "alice_w", "email": "Alice.W@Example.com", "age": 34,
          "sent_at": "2026-09-14T15:00:00Z"}
RIDE_REQUEST = {"event": "ride_request", "user_id": 42, "city": "San Francisco", "fare_usd": "18.50",
                "sent_at": "2026-09-14T08:30:00-07:00"}
RATING = {"event": "rating", "user_id": 42, "ride_id": 12, "stars": 5, "comment": "Smooth ride",
          "sent_at": 1789399800}
GOOD = {"signup": SIGNUP, "ride_request": RIDE_REQUEST, "rating": RATING}

# Look-alikes: Cyrillic letters that render like these Latin ones.
CYRILLIC_LOOKALIKES = {"a": "\u0430", "e": "\u0435", "o": "\u043e", "p": "\u0440", "c": "\u0441", "x": "\u0445"}
INVISIBLE = {"zero-width space": "\u200b", "BOM": "\ufeff", "bidi override": "\u202e", "NUL": "\x00",
             "escape": "\x1b", "zero-width joiner": "\u200d"}


class _Drop:
    def __repr__(self) -> str:
        return "DROP"


DROP = _Drop()  # event(kind, field=DROP): the field is absent


def event(kind: str, **changes) -> dict:
    """A copy of the good event of `kind`, with fields replaced; a value of DROP removes the field."""
    raw = dict(GOOD[kind])
    for name, value in changes.items():
        if value is DROP:
            raw.pop(name, None)
        else:
            raw[name] = value
    return raw


def fullwidth(text: str) -> str:
    """'12' -> '１２': ASCII digits and letters as their full-width forms (NFKC maps them back)."""
    return "".join(chr(ord(ch) + 0xFEE0) if "!" <= ch <= "~" else ch for ch in text)

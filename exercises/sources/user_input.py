"""User input is malformed: validate a ride app's raw events before anything trusts them.

The chapter: user input data is "easily malformed": text that is too long or too short,
numbers where text is expected, wrong formats. The deck's first data source is the users
themselves. A ride app's phones send three kinds of event, as JSON; build the gate every
event passes before it reaches the data team: each raw event is either Accepted, with a
clean record (UTC instants, cents, normalized text), or Rejected, with the field at fault
and one reason code from REASONS.

    >>> now = datetime(2026, 9, 14, 15, 45, tzinfo=timezone.utc)     # the server's clock
    >>> validate('{"event": "rating", "user_id": 42, "ride_id": "１２", "stars": 5,'
    ...          ' "sent_at": "2026-09-14T08:30:00-07:00"}', now)
    Accepted(record={'event': 'rating', 'user_id': 42, 'ride_id': 12, 'stars': 5, 'comment': None,
                     'sent_at': datetime.datetime(2026, 9, 14, 15, 30, tzinfo=datetime.timezone.utc)})
    >>> validate({"event": "rating", "user_id": 42, "ride_id": 12, "stars": 6, "sent_at": 1789399800}, now)
    Rejected(field='stars', reason='out_of_range', message='stars: must be 1 to 5, got 6')
    >>> validate({"event": "signup", "user_id": 7, "username": "аlice", "email": "alice@example.com",
    ...           "age": 34, "sent_at": "2026-09-14T15:00:00Z"}, now)            # a Cyrillic 'а'
    Rejected(field='username', reason='mixed_script', message='username: mixes CYRILLIC and LATIN letters')
    >>> count_reasons([{"event": "rating"}, "{not json", 17], now)["missing"]
    1

The events (every field required unless said; `null` counts as absent):

    signup        user_id, username, email, age, sent_at
    ride_request  user_id, city, fare_usd, sent_at
    rating        user_id, ride_id, stars, comment (optional), sent_at

Checks, in this order; the first failure is the answer (so the reason is deterministic):
1. The top level. A str is JSON text: json.loads it; text that is not JSON is
   ("$", "bad_json"). The (decoded) value must be a dict, else ("$", "not_an_object") (a
   list, a number, bytes, None...).
2. "event": absent -> ("event", "missing"); not a str -> "wrong_type"; a str other than the
   three names (exactly, case included) -> "unknown_event".
3. The event's fields, in the order of the table above; each field: absent or null ->
   "missing", then its own rules below.
4. Any other key (sorted by str(key); the first is reported) -> (str(key), "unknown_field"):
   unknown fields are rejected, not dropped, so a renamed field in a new app version shows
   on the dashboard instead of vanishing.

Every str value is first normalized with unicodedata NFKC (full-width "１２" becomes "12",
"ｅｘａｍｐｌｅ" becomes "example"); then:
- integers (user_id, ride_id: 1 to 2**63 - 1; age: 13 to 120; stars: 1 to 5): a JSON
  integer, or a str that after NFKC and strip() is ASCII digits 0-9 only ("12", "００７").
  Never a bool (True is not 1), never a float (4.0), never a sign in a str ("-3"), never
  other digits ("٤", which int() would read): "wrong_type". Outside the range, or more
  than 19 digits after the leading zeros: "out_of_range".
- fare_usd: a JSON integer or float, or a str of the form -?[0-9]+(.[0-9]+)? after NFKC
  and strip(); read exactly as a Decimal (a float by its repr: 12.3 is 12.30). A bool, a
  NaN or infinity, any other str: "wrong_type"; outside 0 to 1000: "out_of_range"; not a
  whole number of cents (12.345): "too_precise". The record holds fare_cents (an int).
- sent_at, the phone's clock, normalized to an aware datetime in UTC:
  * a str: NFKC, strip(), then datetime.fromisoformat; not readable -> "bad_timestamp"; no
    UTC offset ("2026-09-14T08:30:00") -> "naive_timestamp" (a phone's local time cannot be
    placed: it is rejected, never guessed as UTC); "Z" and "+02:00" are offsets;
  * a JSON integer: epoch seconds, or epoch milliseconds when abs(value) >= 10**11
    (10**11 seconds is the year 5138, 10**11 ms is 1973); a bool or a float: "wrong_type";
  * anything else: "wrong_type". An instant before EARLIEST or more than CLOCK_SKEW after
    `now` (or one datetime cannot hold, such as year 10000 in UTC): "out_of_range".
- text (username, email, city, comment): not a str -> "wrong_type". NFKC, then strip()
  (whitespace at either end, "\\t" and "\\n" too, is trimmed). Then any character left of
  Unicode category Cc or Cf (control characters, zero-width spaces U+200B, the BOM U+FEFF,
  bidi overrides U+202E) -> "control_char": rejected, never stripped, since an invisible
  character makes two names that look the same differ; only a comment may hold "\\n".
  Nothing left -> "empty" (an empty comment is stored as None instead); longer than the
  limit (in code points) -> "too_long".
  * username: 3 to 30 characters (fewer: "too_short"), only letters (str.isalpha), digits
    (category Nd) and "_" "." "-" ("bad_format" otherwise); all its letters from one
    script, the first word of their Unicode name (LATIN, CYRILLIC, GREEK, ...), else
    "mixed_script".
  * email: at most 254 characters; exactly one "@", something before it, a domain after it
    that holds a "." neither first nor last, no whitespace ("bad_format" otherwise); its
    letters from one script ("mixed_script"); stored lowercased (str.lower).
  * city: at most 60 characters; comment: at most 280.

The record: {"event", then each field of the table in order}: ints as ints, text after NFKC
and strip(), email lowercased, fare_cents instead of fare_usd, sent_at in UTC, and comment
always there (None when absent, null or empty).

Rejected.message is a sentence for people that starts with the field and ": " ("stars: must
be 1 to 5, got 6"); only field and reason are a contract.

validate never raises because of `raw`, whatever it is (tests fuzz it). It raises only for
a bad `now`, the server's own argument: ValueError("now must be an aware datetime, got
...") when now is not a datetime with a UTC offset.

count_reasons(raws, now) -> {"accepted": n, and every reason of REASONS: n}, zeros included,
for the data team's dashboard.

Run its tests: pytest exercises/sources/test_user_input.py   (or: kata check sources.user_input)
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta, timezone
from decimal import Decimal
from typing import Any

# --- given: results, reason codes, limits ---------------------------------------------------

REASONS = ("bad_json", "not_an_object", "missing", "wrong_type", "unknown_event", "unknown_field",
           "out_of_range", "too_precise", "bad_timestamp", "naive_timestamp", "control_char", "empty",
           "too_short", "too_long", "bad_format", "mixed_script")

FIELDS = {
    "signup": ("user_id", "username", "email", "age", "sent_at"),
    "ride_request": ("user_id", "city", "fare_usd", "sent_at"),
    "rating": ("user_id", "ride_id", "stars", "comment", "sent_at"),
}
OPTIONAL = frozenset({"comment"})

INT_RANGES = {"user_id": (1, 2**63 - 1), "ride_id": (1, 2**63 - 1), "age": (13, 120), "stars": (1, 5)}
FARE_RANGE = (Decimal(0), Decimal(1000))
TEXT_LIMITS = {"username": 30, "email": 254, "city": 60, "comment": 280}
USERNAME_MIN = 3
EARLIEST = datetime(2020, 1, 1, tzinfo=timezone.utc)
CLOCK_SKEW = timedelta(minutes=5)
MILLIS_FROM = 10**11  # an epoch integer this large (in absolute value) is in milliseconds
EPOCH = datetime(1970, 1, 1, tzinfo=timezone.utc)


@dataclass(frozen=True)
class Accepted:
    record: dict


@dataclass(frozen=True)
class Rejected:
    field: str
    reason: str
    message: str


class Invalid(Exception):
    """One field's failure, inside validate: never leaves it."""

    def __init__(self, field: str, reason: str, message: str):
        super().__init__(field, reason, message)
        self.field, self.reason, self.message = field, reason, message


# --- to write --------------------------------------------------------------------------------


def validate(raw: Any, now: datetime) -> Accepted | Rejected:
    """Accepted(record) or Rejected(field, reason, message); never raises because of raw.

    (about 25 lines, plus a function per kind of field: about 100 in all) e.g.
    validate({"event": "rating", "user_id": 42, "ride_id": 12, "stars": 6, "sent_at": 1789399800},
    now) -> Rejected("stars", "out_of_range", "stars: must be 1 to 5, got 6")
    """
    # TODO: check now; decode a str with json.loads; walk FIELDS[kind] in order. Raising
    # Invalid(field, reason, message) from a field's check and catching it here once keeps
    # "the first failure wins" true by construction.
    # TODO: integers: type(value) is int (never isinstance: True is an int); texts: NFKC first,
    # e.g. unicodedata.normalize("NFKC", "１２") == "12".
    # TODO: sent_at: datetime.fromisoformat("2026-09-14T08:30:00-07:00").astimezone(timezone.utc)
    # -> 15:30 UTC; 1789399800000 (>= MILLIS_FROM) is milliseconds.
    raise NotImplementedError("validate")


def count_reasons(raws: list, now: datetime) -> dict:
    """{"accepted": n, reason: n for every reason in REASONS}, zeros included.

    (about 6 lines) e.g. count_reasons([{"event": "rating"}, "{not json", 17], now)
    -> {"accepted": 0, "bad_json": 1, "not_an_object": 1, "missing": 1, ...: 0}
    """
    # TODO: dict.fromkeys(("accepted", *REASONS), 0), then one validate per raw event.
    raise NotImplementedError("count_reasons")

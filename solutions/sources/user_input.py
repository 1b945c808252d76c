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

import json
import re
import unicodedata
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

ASCII_DIGITS = re.compile(r"[0-9]+")
DECIMAL_TEXT = re.compile(r"-?[0-9]+(\.[0-9]+)?")
USERNAME_PUNCTUATION = frozenset("_.-")


def validate(raw: Any, now: datetime) -> Accepted | Rejected:
    """Accepted(record) or Rejected(field, reason, message); never raises because of raw.

    (about 25 lines) e.g. validate({"event": "rating", "user_id": 42, "ride_id": 12,
    "stars": 6, "sent_at": 1789399800}, now) -> Rejected("stars", "out_of_range", "stars: ...")
    """
    if not (isinstance(now, datetime) and now.utcoffset() is not None):
        raise ValueError(f"now must be an aware datetime, got {now!r}")
    try:
        return Accepted(_record(raw, now))
    except Invalid as bad:
        return Rejected(bad.field, bad.reason, bad.message)


def _record(raw: Any, now: datetime) -> dict:
    if isinstance(raw, str):
        try:
            raw = json.loads(raw)
        except (ValueError, RecursionError):
            raise Invalid("$", "bad_json", "$: not JSON text") from None
    if not isinstance(raw, dict):
        raise Invalid("$", "not_an_object", f"$: an event is a JSON object, got {type(raw).__name__}")
    kind = raw.get("event")
    if kind is None:
        raise Invalid("event", "missing", "event: required")
    if not isinstance(kind, str):
        raise Invalid("event", "wrong_type", f"event: must be text, got {type(kind).__name__}")
    if kind not in FIELDS:
        raise Invalid("event", "unknown_event", f"event: no event kind {kind[:40]!r}")
    record: dict = {"event": kind}
    for name in FIELDS[kind]:
        value = raw.get(name)
        if value is None:
            if name in OPTIONAL:
                record[name] = None
                continue
            raise Invalid(name, "missing", f"{name}: required")
        if name == "fare_usd":
            record["fare_cents"] = _fare_cents(value)
        elif name == "sent_at":
            record[name] = _instant(name, value, now)
        elif name in INT_RANGES:
            record[name] = _integer(name, value)
        else:
            record[name] = _text(name, value)
    unknown = sorted(str(key) for key in raw if key not in FIELDS[kind] and key != "event")
    if unknown:
        raise Invalid(unknown[0], "unknown_field", f"{unknown[0]}: not a field of a {kind} event")
    return record


def _nfkc(value: str) -> str:
    return unicodedata.normalize("NFKC", value)


def _integer(name: str, value: Any) -> int:
    low, high = INT_RANGES[name]
    if isinstance(value, str):
        text = _nfkc(value).strip()
        # "٤".isdigit() is True and int() reads it: only ASCII digits are a number here.
        if not ASCII_DIGITS.fullmatch(text):
            raise Invalid(name, "wrong_type", f"{name}: must be an integer, got the text {value[:40]!r}")
        digits = text.lstrip("0") or "0"
        if len(digits) > 19:  # int() refuses texts of over 4300 digits: decide before converting
            raise Invalid(name, "out_of_range", f"{name}: must be {low} to {high}, got a {len(digits)}-digit number")
        value = int(digits)
    elif type(value) is not int:  # bool is a subclass of int: True is not a user id
        raise Invalid(name, "wrong_type", f"{name}: must be an integer, got {type(value).__name__}")
    if not low <= value <= high:
        raise Invalid(name, "out_of_range", f"{name}: must be {low} to {high}, got {value}")
    return value


def _fare_cents(value: Any) -> int:
    name = "fare_usd"
    if isinstance(value, str):
        text = _nfkc(value).strip()
        if not DECIMAL_TEXT.fullmatch(text):
            raise Invalid(name, "wrong_type", f"{name}: must be an amount, got the text {value[:40]!r}")
        amount = Decimal(text)
    elif type(value) is int:
        amount = Decimal(value)
    elif type(value) is float:
        amount = Decimal(repr(value))  # the float as written, not its binary expansion
        if not amount.is_finite():
            raise Invalid(name, "wrong_type", f"{name}: must be a finite amount, got {value}")
    else:
        raise Invalid(name, "wrong_type", f"{name}: must be an amount, got {type(value).__name__}")
    low, high = FARE_RANGE
    if not low <= amount <= high:
        raise Invalid(name, "out_of_range", f"{name}: must be {low} to {high}, got {amount}")
    # Exactly, digit by digit: arithmetic would round a long text to 28 significant digits.
    _, digits, exponent = amount.as_tuple()
    if exponent < -2 and any(digits[exponent + 2:]):
        raise Invalid(name, "too_precise", f"{name}: {amount} is not a whole number of cents")
    return int(amount * 100)


def _instant(name: str, value: Any, now: datetime) -> datetime:
    if isinstance(value, str):
        text = _nfkc(value).strip()
        try:
            parsed = datetime.fromisoformat(text)
        except ValueError:
            raise Invalid(name, "bad_timestamp", f"{name}: not an ISO 8601 timestamp: {value[:40]!r}") from None
        if parsed.utcoffset() is None:
            raise Invalid(name, "naive_timestamp", f"{name}: {text[:40]!r} has no UTC offset")
        try:
            instant = parsed.astimezone(timezone.utc)
        except OverflowError:
            raise Invalid(name, "out_of_range", f"{name}: {text[:40]!r} is outside the calendar in UTC") from None
    elif type(value) is int:
        try:
            instant = EPOCH + (timedelta(milliseconds=value) if abs(value) >= MILLIS_FROM else timedelta(seconds=value))
        except OverflowError:
            raise Invalid(name, "out_of_range", f"{name}: epoch {value} is outside the calendar") from None
    else:
        raise Invalid(name, "wrong_type", f"{name}: must be a timestamp, got {type(value).__name__}")
    if not EARLIEST <= instant <= now + CLOCK_SKEW:
        raise Invalid(name, "out_of_range", f"{name}: {instant.isoformat()} is before {EARLIEST:%Y} or in the future")
    return instant


def _text(name: str, value: Any) -> str | None:
    if not isinstance(value, str):
        raise Invalid(name, "wrong_type", f"{name}: must be text, got {type(value).__name__}")
    text = _nfkc(value).strip()
    allowed = "\n" if name == "comment" else ""
    for ch in text:
        if unicodedata.category(ch) in ("Cc", "Cf") and ch not in allowed:
            raise Invalid(name, "control_char", f"{name}: holds the invisible character U+{ord(ch):04X}")
    if not text:
        if name == "comment":
            return None
        raise Invalid(name, "empty", f"{name}: empty")
    if len(text) > TEXT_LIMITS[name]:
        raise Invalid(name, "too_long", f"{name}: {len(text)} characters, at most {TEXT_LIMITS[name]}")
    if name == "username":
        if len(text) < USERNAME_MIN:
            raise Invalid(name, "too_short", f"{name}: {len(text)} characters, at least {USERNAME_MIN}")
        if any(not (ch.isalpha() or unicodedata.category(ch) == "Nd" or ch in USERNAME_PUNCTUATION) for ch in text):
            raise Invalid(name, "bad_format", f"{name}: only letters, digits and _ . -")
        _one_script(name, text)
    elif name == "email":
        local, at, domain = text.partition("@")
        if (not at or not local or "@" in domain or "." not in domain.strip(".") or domain[0] == "."
                or domain[-1] == "." or any(ch.isspace() for ch in text)):
            raise Invalid(name, "bad_format", f"{name}: not an email address")
        _one_script(name, text)
        text = text.lower()
    return text


def _one_script(name: str, text: str) -> None:
    # A letter's script is the first word of its Unicode name: 'а' is CYRILLIC SMALL LETTER A.
    scripts = sorted({unicodedata.name(ch, "UNKNOWN").split()[0] for ch in text if ch.isalpha()})
    if len(scripts) > 1:
        raise Invalid(name, "mixed_script", f"{name}: mixes {' and '.join(scripts)} letters")


def count_reasons(raws: list, now: datetime) -> dict:
    """{"accepted": n, reason: n for every reason in REASONS}, zeros included.

    (about 6 lines) e.g. count_reasons([{"event": "rating"}, "{not json", 17], now)
    -> {"accepted": 0, "bad_json": 1, "not_an_object": 1, "missing": 1, ...: 0}
    """
    counts = dict.fromkeys(("accepted", *REASONS), 0)
    for raw in raws:
        result = validate(raw, now)
        counts["accepted" if isinstance(result, Accepted) else result.reason] += 1
    return counts

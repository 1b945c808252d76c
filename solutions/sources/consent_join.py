"""Consent and third-party data: join a partner's segments by pseudonym, only where the user opted in.

The deck's Data Sources: "Data can come in various systems (First Party/Second Party/Third
Party)", "Data of all kinds can be bought", and "As demand for data privacy increasing,
companies like Apple have been taking steps to curb usage of advertiser IDs by making IDFA
(Apple's Identifier for Advertisers) Opt-in". Since iOS 14.5 (April 26, 2021) an app reads
the device's advertising id only if the user said yes to the tracking prompt; otherwise it
reads 00000000-0000-0000-0000-000000000000. Your app's first-party events are to be enriched
with a data partner's third-party segments ("frequent traveller", an income band). Neither
company hands the other raw emails: both key users by a pseudonym, the HMAC-SHA256 of the
normalized email under a key the two share, and the partner's attributes may be used only
for users who had opted in to advertising when the event happened.

    >>> KEY = b"shared-with-partner"
    >>> normalize_email("  Ana@Example.COM ")
    'ana@example.com'
    >>> pseudonymize("ana@example.com", KEY)
    '42411f16dda75601658401709bd045b6deb2c94721624869d9d748e883c9d98f'
    >>> pseudonymize(" ANA@example.com", KEY) == pseudonymize("ana@example.com", KEY)
    True
    >>> april_26 = datetime(2021, 4, 26, tzinfo=timezone.utc)
    >>> events = [
    ...     {"event_id": 1, "email": "Ana@Example.com", "at": april_26 + timedelta(days=1),
    ...      "ad_id": "6D92078A-8246-4BA4-AE5B-76104861E7DC", "action": "search flights"},
    ...     {"event_id": 2, "email": "ben@example.com", "at": april_26 + timedelta(days=1),
    ...      "ad_id": "00000000-0000-0000-0000-000000000000", "action": "search hotels"}]
    >>> segments = [  # the partner's file: its HMAC of each email, under the shared KEY
    ...     {"key": pseudonymize("ana@example.com", KEY), "segment": "frequent traveller", "income_band": "50-75k"},
    ...     {"key": pseudonymize("ben@example.com", KEY), "segment": "student", "income_band": "<25k"}]
    >>> consent = [{"email": "ana@example.com", "at": april_26, "decision": "opt-in"}]
    >>> rows = join_segments(events, segments, consent, KEY)
    >>> rows[0]
    {'event_id': 1, 'at': datetime.datetime(2021, 4, 27, 0, 0, tzinfo=datetime.timezone.utc),
     'ad_id': '6D92078A-8246-4BA4-AE5B-76104861E7DC', 'action': 'search flights',
     'user_key': '42411f16dda7...', 'ad_consent': True, 'segment': 'frequent traveller', 'income_band': '50-75k'}
    >>> rows[1]                     # Ben never opted in: no ad id, nothing of the partner's
    {'event_id': 2, 'at': datetime.datetime(2021, 4, 27, 0, 0, tzinfo=datetime.timezone.utc),
     'ad_id': None, 'action': 'search hotels',
     'user_key': '370dcb549eca...', 'ad_consent': False, 'segment': None, 'income_band': None}

And why the key matters: an unkeyed hash of an email is no pseudonym, since anyone with a
list of emails (a leaked customer list, a marketing list) hashes them all and looks up:

    >>> leaked = [hashlib.sha256(b"ana@example.com").hexdigest(), pseudonymize("ben@example.com", KEY)]
    >>> dictionary_attack(leaked, ["ANA@example.com", "ben@example.com", "cy@example.com"])
    {'8e43ca37701228e74983efdbd0cff5c16b3b1e5d4e29a7c05626d4d25a018e11': 'ana@example.com'}
    >>> # ben's HMAC stays unknown: without the key the attacker cannot compute it

Rules.
- normalize_email(email): strip surrounding whitespace, then lower-case the whole address
  (the rule ad platforms publish for matching hashed emails). The result must hold exactly
  one "@" with at least one character on each side.
- pseudonymize(email, key): hmac.new(key, normalize_email(email) as UTF-8, sha256), as 64
  lower-case hex digits. key is bytes, or a str taken as its UTF-8 bytes.
- dictionary_attack(hashes, candidate_emails) -> {hash: email}: each candidate is normalized
  and its plain SHA-256 (hex) looked up among `hashes` (compared case-insensitively); a hit
  maps the hash, as given in `hashes`, to the normalized email. A candidate that is not an
  email is skipped. Run against HMACs, it finds nothing.
- join_segments(events, segments, consent, key) -> one output row per event, in the events'
  order (an event the partner knows nothing about is kept, with None attributes):
  * the event's fields except "email", plus "user_key": pseudonymize(its email, key). The
    email never leaves: the join with the segments is by user_key, never by raw email.
  * "ad_consent": whether the user had opted in at the event's time "at": the decision of
    the user's latest consent record with record["at"] <= event["at"] counts (records with
    the same "at": the later one in the list counts); no record at or before the event
    means no consent (opt-in, as with IDFA). Consent records name users by email too
    (normalized the same way); their "decision" is "opt-in" or "opt-out".
  * "ad_id": the event's "ad_id" if the user had consented, else None; the all-zero id
    counts as no id (None) in any case.
  * each of THIRD_PARTY_FIELDS: the value in the segment row whose key is the user's
    user_key (keys compared case-insensitively), if the user had consented; None when the
    user had not consented, whatever the segments say, or when no segment row matches.
  All times are timezone-aware datetimes.

Bad input raises, checked in this order, before any output is made: an empty key,
ValueError("the key must not be empty"); a segment row whose "key" is not a str of 64 hex
digits, SegmentError("segment row 3: key 'abc' is not 64 hex digits") (rows counted from 0);
a segment row without one of THIRD_PARTY_FIELDS, SegmentError("segment row 2 has no
'income_band'"); two segment rows with the same key and different attributes,
SegmentError("segment rows 1 and 4 have the same key and different attributes") (the same
attributes twice are one segment: partners resend rows); a consent record whose decision is
anything else, ConsentError("consent record 0: decision must be 'opt-in' or 'opt-out', got
'yes'"); then an email (of a consent record or an event) that is not one, ValueError("not an
email: 'ana.example.com'"). normalize_email and pseudonymize raise the same ValueErrors.

Run its tests: pytest exercises/sources/test_consent_join.py   (or: kata check sources.consent_join)
"""
from __future__ import annotations

import hashlib
import hmac
from datetime import datetime

# --- given: the partner's attributes, the iOS "no id", errors ---------------------------------

THIRD_PARTY_FIELDS = ("segment", "income_band")
ZERO_AD_ID = "00000000-0000-0000-0000-000000000000"  # what iOS reads without the user's yes


class SegmentError(ValueError):
    """The partner's segment rows are malformed."""


class ConsentError(ValueError):
    """A consent record is malformed."""


# --- to write --------------------------------------------------------------------------------

_HEX = frozenset("0123456789abcdefABCDEF")


def normalize_email(email: str) -> str:
    """Trim, lower-case, and check there is one "@" with something on each side."""
    if isinstance(email, str):
        normalized = email.strip().lower()
        local, at, domain = normalized.partition("@")
        if at and local and domain and "@" not in domain:
            return normalized
    raise ValueError(f"not an email: {email!r}")


def _key_bytes(key) -> bytes:
    data = key.encode("utf-8") if isinstance(key, str) else bytes(key)
    if not data:
        raise ValueError("the key must not be empty")
    return data


def pseudonymize(email: str, key: bytes | str) -> str:
    """HMAC-SHA256 of the normalized email under key, in hex."""
    secret = _key_bytes(key)
    return hmac.new(secret, normalize_email(email).encode("utf-8"), hashlib.sha256).hexdigest()


def dictionary_attack(hashes: list[str], candidate_emails: list[str]) -> dict[str, str]:
    """Reverse unkeyed SHA-256 hashes of emails from a list of candidates."""
    wanted = {h.lower(): h for h in hashes}
    found = {}
    for candidate in candidate_emails:
        try:
            email = normalize_email(candidate)
        except ValueError:
            continue
        digest = hashlib.sha256(email.encode("utf-8")).hexdigest()
        if digest in wanted:
            found[wanted[digest]] = email
    return found


def _segments_by_key(segments: list[dict]) -> dict[str, tuple]:
    by_key: dict[str, tuple] = {}
    first_row: dict[str, int] = {}
    for i, row in enumerate(segments):
        key = row.get("key")
        if not (isinstance(key, str) and len(key) == 64 and set(key) <= _HEX):
            raise SegmentError(f"segment row {i}: key {key!r} is not 64 hex digits")
        for name in THIRD_PARTY_FIELDS:
            if name not in row:
                raise SegmentError(f"segment row {i} has no {name!r}")
        key = key.lower()
        attributes = tuple(row[name] for name in THIRD_PARTY_FIELDS)
        if key in by_key and by_key[key] != attributes:
            raise SegmentError(f"segment rows {first_row[key]} and {i} have the same key and different attributes")
        by_key.setdefault(key, attributes)
        first_row.setdefault(key, i)
    return by_key


def _consent_histories(consent: list[dict]) -> dict[str, list[tuple]]:
    """email -> [(at, position in the list, opted_in)], sorted: the last one <= t decides."""
    for i, record in enumerate(consent):
        if record.get("decision") not in ("opt-in", "opt-out"):
            raise ConsentError(f"consent record {i}: decision must be 'opt-in' or 'opt-out', "
                               f"got {record.get('decision')!r}")
    histories: dict[str, list[tuple]] = {}
    for i, record in enumerate(consent):
        histories.setdefault(normalize_email(record["email"]), []).append(
            (record["at"], i, record["decision"] == "opt-in"))
    for history in histories.values():
        history.sort(key=lambda entry: (entry[0], entry[1]))
    return histories


def _consented(history: list[tuple], at: datetime) -> bool:
    decision = False  # no record yet: opt-in means no until the user says yes
    for recorded_at, _, opted_in in history:
        if recorded_at > at:
            break
        decision = opted_in
    return decision


def join_segments(events: list[dict], segments: list[dict], consent: list[dict], key: bytes | str) -> list[dict]:
    """One row per event: pseudonymous key, ad id and partner attributes only under consent."""
    secret = _key_bytes(key)
    by_key = _segments_by_key(segments)
    histories = _consent_histories(consent)
    emails = [normalize_email(event["email"]) for event in events]
    rows = []
    for event, email in zip(events, emails):
        row = {name: value for name, value in event.items() if name != "email"}
        user_key = hmac.new(secret, email.encode("utf-8"), hashlib.sha256).hexdigest()
        consented = _consented(histories.get(email, []), event["at"])
        ad_id = event.get("ad_id")
        row["user_key"] = user_key
        row["ad_consent"] = consented
        row["ad_id"] = ad_id if consented and ad_id != ZERO_AD_ID else None
        attributes = by_key.get(user_key) if consented else None
        for i, name in enumerate(THIRD_PARTY_FIELDS):
            row[name] = attributes[i] if attributes is not None else None
        rows.append(row)
    return rows
